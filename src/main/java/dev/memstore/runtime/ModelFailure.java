package dev.memstore.runtime;

import java.time.Duration;

import dev.memstore.session.SessionError;

/**
 * A request to a model that failed, described for the session's user.
 *
 * @param errorType the {@code session.error} type
 * @param retryable whether trying again later may succeed; if not, the user has something
 * to fix
 * @param retryAfter how long the API asked to wait, or {@code null}
 */
final class ModelFailure extends RuntimeException {

	private final SessionError.Type errorType;

	private final boolean retryable;

	private final Duration retryAfter;

	ModelFailure(SessionError.Type errorType, String message, boolean retryable, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.errorType = errorType;
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	SessionError.Type errorType() {
		return this.errorType;
	}

	boolean retryable() {
		return this.retryable;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
