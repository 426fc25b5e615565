package dev.memstore.session;

/**
 * Published inside the transaction that queues a user message: the session has work for
 * the agent loop.
 */
public record TurnRequested(String sessionId) {

}
