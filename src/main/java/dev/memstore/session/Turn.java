package dev.memstore.session;

import java.util.List;

import dev.memstore.agent.SessionAgent;
import dev.memstore.sandbox.Mount;
import dev.memstore.session.SessionEvent.UserMessage;

/**
 * A turn of a session for the agent loop to run: the user message that started it, what
 * the agent needs to answer it, and what it already did if the turn is resumed.
 *
 * @param agent the session's agent, as its {@code agent} field shows it: its model,
 * system prompt and tools
 * @param message the {@code user.message} being answered
 * @param messageSeq the message's place in the session's log: what the user does after it
 * (an interrupt) concerns this turn
 * @param earlierEvents events this turn recorded before it was interrupted by a failure,
 * oldest first; empty for a new turn
 */
public record Turn(String sessionId, String workspaceId, SessionAgent agent, List<Mount> mounts, UserMessage message,
		long messageSeq, List<SessionEvent> earlierEvents) {

	/**
	 * The message's text blocks, joined by blank lines.
	 */
	public String userText() {
		return this.message.text();
	}

}
