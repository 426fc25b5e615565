package dev.memstore.dream;

import java.util.List;

/**
 * What the agent loop needs to run a dream's turn.
 *
 * @param running false once the dream was canceled: the turn then ends at once
 * @param userMessages the input sessions' user messages, oldest session first, each
 * session's oldest first, with when they were sent
 */
public record DreamWork(String dreamId, String workspaceId, String outputStoreId, boolean running,
		List<SentMessage> userMessages) {

	/**
	 * A user message of an input session.
	 */
	public record SentMessage(java.time.Instant sentAt, String text) {

	}

}
