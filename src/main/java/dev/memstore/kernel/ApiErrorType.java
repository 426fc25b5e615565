package dev.memstore.kernel;

/**
 * The {@code error.type} values of the Anthropic error envelope that memstore emits, each
 * with the HTTP status it normally travels with.
 */
public enum ApiErrorType {

	INVALID_REQUEST("invalid_request_error", 400),

	AUTHENTICATION("authentication_error", 401),

	PERMISSION("permission_error", 403),

	NOT_FOUND("not_found_error", 404),

	MEMORY_PATH_CONFLICT("memory_path_conflict_error", 409),

	MEMORY_PRECONDITION_FAILED("memory_precondition_failed_error", 409),

	CONFLICT("conflict_error", 409),

	REQUEST_TOO_LARGE("request_too_large", 413),

	RATE_LIMIT("rate_limit_error", 429),

	API("api_error", 500);

	private final String wireName;

	private final int status;

	ApiErrorType(String wireName, int status) {
		this.wireName = wireName;
		this.status = status;
	}

	public String wireName() {
		return this.wireName;
	}

	public int status() {
		return this.status;
	}

}
