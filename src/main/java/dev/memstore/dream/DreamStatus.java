package dev.memstore.dream;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.memstore.kernel.ApiException;

/**
 * Where a dream is in its lifecycle: {@code pending} until a worker begins it,
 * {@code running} while its session works, then one of the final statuses.
 */
public enum DreamStatus {

	PENDING("pending"), RUNNING("running"), COMPLETED("completed"), FAILED("failed"), CANCELED("canceled");

	private final String wireName;

	DreamStatus(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Whether the status never changes again.
	 */
	public boolean isFinal() {
		return this == COMPLETED || this == FAILED || this == CANCELED;
	}

	static DreamStatus of(String wireName) {
		for (DreamStatus status : values()) {
			if (status.wireName.equals(wireName)) {
				return status;
			}
		}
		throw new IllegalStateException("unknown dream status " + wireName);
	}

	/**
	 * Reads a {@code statuses[]} filter value.
	 */
	static DreamStatus parse(String value) {
		for (DreamStatus status : values()) {
			if (status.wireName.equals(value)) {
				return status;
			}
		}
		throw ApiException.invalidRequest(
				"statuses[] values must be pending, running, completed, failed or canceled, got '" + value + "'");
	}

}
