package dev.memstore.api;

import java.io.IOException;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

/**
 * Raised while reading a request body that grows past the size cap; an
 * {@link IOException} so that it travels through the JSON reader untouched.
 */
final class BodyTooLargeException extends IOException {

	private final long limit;

	BodyTooLargeException(long limit) {
		super("request body exceeds " + limit + " bytes");
		this.limit = limit;
	}

	ApiException toApiException() {
		return toApiException(this.limit);
	}

	static ApiException toApiException(long limit) {
		return new ApiException(ApiErrorType.REQUEST_TOO_LARGE, "request body is larger than the " + limit
				+ "-byte limit of this server (memstore.api.max-request-size)");
	}

}
