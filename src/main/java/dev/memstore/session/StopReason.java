package dev.memstore.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a turn ended or paused, the {@code stop_reason} of {@code session.status_idle}: on
 * the wire an object such as {@code {"type": "end_turn"}}, or {@code {"type":
 * "requires_action", "event_ids": [...]}} while the turn waits for the application.
 *
 * @param eventIds for {@code requires_action}, the calls the turn waits on
 */
public record StopReason(String type, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> eventIds) {

	/**
	 * The agent finished, or the user interrupted it.
	 */
	public static final StopReason END_TURN = new StopReason("end_turn", null);

	/**
	 * The turn failed and will not be tried again, or used up one of its limits.
	 */
	public static final StopReason RETRIES_EXHAUSTED = new StopReason("retries_exhausted", null);

	/**
	 * The model refused to go on.
	 */
	public static final StopReason REFUSAL = new StopReason("refusal", null);

	static final String REQUIRES_ACTION_TYPE = "requires_action";

	public StopReason {
		eventIds = (eventIds != null) ? List.copyOf(eventIds) : null;
	}

	/**
	 * The turn waits for the results or confirmations of these calls.
	 */
	public static StopReason requiresAction(List<String> eventIds) {
		return new StopReason(REQUIRES_ACTION_TYPE, eventIds);
	}

	public boolean requiresAction() {
		return REQUIRES_ACTION_TYPE.equals(this.type);
	}

}
