package dev.memstore.session;

/**
 * An event with its place in its session's log.
 *
 * @param seq its place in the session's emission order
 */
record LoggedEvent(String sessionId, long seq, SessionEvent event) {

}
