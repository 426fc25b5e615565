package dev.memstore.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.memstore.session.SessionEvent.TextBlock;

/**
 * The answer of the turns extension: how the turn ended, what the agent said, and the
 * events the turn emitted.
 *
 * @param type always {@code turn}
 * @param events the ids of the turn's events, in emission order
 */
public record TurnAnswer(String id, String type, String sessionId, Status status, List<OutputMessage> output,
		List<String> events) {

	/**
	 * One agent message of the turn.
	 *
	 * @param role always {@code assistant}
	 */
	public record OutputMessage(String role, List<TextBlock> content) {

	}

	/**
	 * How a turn ended.
	 */
	public enum Status {

		/**
		 * The agent finished its turn.
		 */
		COMPLETED("completed"),

		/**
		 * The turn failed, used up a limit, or the session was deleted.
		 */
		FAILED("failed"),

		/**
		 * The timeout expired first; the turn may still be running.
		 */
		TIMED_OUT("timed_out");

		private final String wireName;

		Status(String wireName) {
			this.wireName = wireName;
		}

		@JsonValue
		public String wireName() {
			return this.wireName;
		}

	}

}
