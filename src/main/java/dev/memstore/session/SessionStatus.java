package dev.memstore.session;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.memstore.kernel.ApiException;

/**
 * The statuses of a session: it starts idle, runs while it works on a turn, reschedules
 * after a transient failure, and is terminated when it cannot go on.
 */
public enum SessionStatus {

	IDLE("idle"), RUNNING("running"), RESCHEDULING("rescheduling"), TERMINATED("terminated");

	private final String wireName;

	SessionStatus(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	static SessionStatus of(String wireName) {
		for (SessionStatus status : values()) {
			if (status.wireName.equals(wireName)) {
				return status;
			}
		}
		throw new IllegalStateException("unknown session status " + wireName);
	}

	/**
	 * Reads a {@code statuses[]} filter value.
	 */
	static SessionStatus parse(String value) {
		for (SessionStatus status : values()) {
			if (status.wireName.equals(value)) {
				return status;
			}
		}
		throw ApiException
			.invalidRequest("statuses[] values must be idle, running, rescheduling or terminated, got '" + value + "'");
	}

}
