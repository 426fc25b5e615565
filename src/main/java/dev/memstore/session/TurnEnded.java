package dev.memstore.session;

/**
 * Published inside the transaction that ends a session's turn (the session goes idle for
 * any reason but {@code requires_action}), so that what depends on the turn's end commits
 * with it.
 *
 * @param error the {@code session.error} that ended the turn, or {@code null}
 */
public record TurnEnded(String sessionId, StopReason stopReason, SessionError error) {

}
