package dev.memstore.runtime;

import java.time.Duration;

/**
 * A request to a model that failed, described for the session's user.
 *
 * @param errorType the {@code session.error} type, such as
 * {@code model_rate_limited_error}
 * @param retryable whether trying again later may succeed; if not, the user has something
 * to fix
 * @param retryAfter how long the API asked to wait, or {@code null}
 */
final class ModelFailure extends RuntimeException {

	private final String errorType;

	private final boolean retryable;

	private final Duration retryAfter;

	ModelFailure(String errorType, String message, boolean retryable, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.errorType = errorType;
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	String errorType() {
		return this.errorType;
	}

	boolean retryable() {
		return this.retryable;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
