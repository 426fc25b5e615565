package dev.memstore.session;

import java.util.List;

/**
 * Someone on this instance who follows a session's events as they are emitted: an SSE
 * stream or a waiting turn.
 */
interface StreamSubscriber {

	/**
	 * The number of the last event this subscriber has seen.
	 */
	long lastSeq();

	/**
	 * Takes the next events, oldest first, all numbered after {@link #lastSeq()}.
	 * @return {@code false} once the subscriber wants no more
	 */
	boolean deliver(List<LoggedEvent> events);

	/**
	 * Keeps an idle connection alive. @return {@code false} if the subscriber is gone
	 */
	boolean ping();

	/**
	 * The session was deleted: nothing more will come.
	 */
	void sessionDeleted();

	/**
	 * This instance is shutting down: end the subscription now rather than hold the
	 * connection open.
	 */
	void close();

}
