package dev.memstore.session;

/**
 * Published inside the transaction that queues a user message: the session has work for
 * the agent loop. It carries the session's workspace, so that the agent loop queues the
 * work without reading the session's table.
 */
public record TurnRequested(String sessionId, String workspaceId) {

}
