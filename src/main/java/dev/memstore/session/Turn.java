package dev.memstore.session;

import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.Mount;

/**
 * A turn of a session for the agent loop to run: the user message that started it, what
 * the agent needs to answer it, and what it already did if the turn is resumed.
 *
 * @param agent the session's agent, as its {@code agent} field shows it
 * @param message the {@code user.message} being answered
 * @param userText the message's text blocks, joined by blank lines
 * @param earlierEvents events this turn recorded before it was interrupted by a failure,
 * oldest first; empty for a new turn
 */
public record Turn(String sessionId, String workspaceId, Map<String, Object> agent, List<Mount> mounts,
		SessionEvent message, String userText, List<SessionEvent> earlierEvents) {

}
