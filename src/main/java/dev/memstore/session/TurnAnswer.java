package dev.memstore.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.memstore.session.SessionEvent.TextBlock;

/**
 * The answer of the turns extension: how the turn ended or paused, what the agent said,
 * the events the turn emitted, and the calls it waits on.
 *
 * @param type always {@code turn}
 * @param events the ids of the turn's events, in emission order
 * @param pendingCalls with {@code requires_action}, the {@code agent.custom_tool_use} and
 * {@code agent.tool_use} events to answer (with another turn request whose {@code events}
 * hold the answers); empty otherwise
 */
public record TurnAnswer(String id, String type, String sessionId, Status status, List<OutputMessage> output,
		List<String> events, List<SessionEvent> pendingCalls) {

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
		 * The turn waits for the application: answer {@code pending_calls}.
		 */
		REQUIRES_ACTION("requires_action"),

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
