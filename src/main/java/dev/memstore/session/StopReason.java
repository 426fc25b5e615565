package dev.memstore.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a turn ended, the {@code stop_reason} of {@code session.status_idle}; on the wire
 * an object, {@code {"type": "end_turn"}}.
 */
@JsonFormat(shape = JsonFormat.Shape.OBJECT)
public enum StopReason {

	/**
	 * The agent finished, or the user interrupted it.
	 */
	END_TURN("end_turn"),

	/**
	 * The turn failed and will not be tried again, or used up one of its limits.
	 */
	RETRIES_EXHAUSTED("retries_exhausted"),

	/**
	 * The model refused to go on.
	 */
	REFUSAL("refusal");

	private final String type;

	StopReason(String type) {
		this.type = type;
	}

	@JsonProperty("type")
	public String type() {
		return this.type;
	}

	@JsonCreator
	static StopReason of(@JsonProperty("type") String type) {
		for (StopReason reason : values()) {
			if (reason.type.equals(type)) {
				return reason;
			}
		}
		throw new IllegalArgumentException("unknown stop reason " + type);
	}

}
