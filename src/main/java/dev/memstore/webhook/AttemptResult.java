package dev.memstore.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt at a delivery came to: the endpoint's status, or why it did not
 * answer.
 *
 * @param statusCode the HTTP status, or {@code null} when there was no answer
 * @param error why there was no answer, or {@code null}
 * @param failure what kind of failure it was, for the metrics: {@code status},
 * {@code timeout}, {@code connection} or {@code refused}; {@code null} on success
 */
record AttemptResult(Instant startedAt, Duration duration, Integer statusCode, String error, String failure) {

	static AttemptResult answered(Instant startedAt, Duration duration, int statusCode) {
		boolean ok = statusCode >= 200 && statusCode < 300;
		return new AttemptResult(startedAt, duration, statusCode, null, ok ? null : "status");
	}

	static AttemptResult unanswered(Instant startedAt, Duration duration, String failure, String error) {
		return new AttemptResult(startedAt, duration, null, error, failure);
	}

	boolean succeeded() {
		return this.failure == null;
	}

	/**
	 * The outcome in a few words, for a log line and the reason an endpoint is disabled.
	 */
	String describe() {
		return (this.statusCode != null) ? "HTTP " + this.statusCode : this.error;
	}

}
