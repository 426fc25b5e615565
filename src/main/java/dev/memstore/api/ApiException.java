package dev.memstore.api;

/**
 * A failure that reaches the client as the Anthropic error envelope. Domain code throws
 * it with the error type the API promises; the status defaults to the type's usual one.
 */
public class ApiException extends RuntimeException {

	private final int status;

	private final ApiErrorType type;

	public ApiException(ApiErrorType type, String message) {
		this(type.status(), type, message);
	}

	public ApiException(int status, ApiErrorType type, String message) {
		// These exceptions are answers to the client, not bugs: a stack trace would only
		// cost time.
		super(message, null, false, false);
		this.status = status;
		this.type = type;
	}

	public static ApiException invalidRequest(String message) {
		return new ApiException(ApiErrorType.INVALID_REQUEST, message);
	}

	public static ApiException notFound(String message) {
		return new ApiException(ApiErrorType.NOT_FOUND, message);
	}

	public int status() {
		return this.status;
	}

	public ApiErrorType type() {
		return this.type;
	}

}
