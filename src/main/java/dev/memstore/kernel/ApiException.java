package dev.memstore.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that reaches the client as the Anthropic error envelope. Domain code throws
 * it with the error type the API promises; the status defaults to the type's usual one.
 */
public class ApiException extends RuntimeException {

	private final int status;

	private final ApiErrorType type;

	private final Map<String, Object> fields = new LinkedHashMap<>();

	private final Map<String, String> headers = new LinkedHashMap<>();

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

	/**
	 * Adds a field to the {@code error} object beside {@code type} and {@code message},
	 * such as {@code conflicting_path}.
	 */
	public ApiException with(String field, Object value) {
		this.fields.put(field, value);
		return this;
	}

	/**
	 * Adds a response header to the answer, such as {@code retry-after} on a
	 * {@code rate_limit_error}.
	 */
	public ApiException withHeader(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	public int status() {
		return this.status;
	}

	public ApiErrorType type() {
		return this.type;
	}

	public Map<String, Object> fields() {
		return this.fields;
	}

	public Map<String, String> headers() {
		return this.headers;
	}

}
