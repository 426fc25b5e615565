package dev.memstore.session;

/**
 * Published inside the transaction that queues a user message: the session has work for
 * the agent loop. It carries what the listeners need of the session, so that none reads
 * the session's table.
 *
 * @param selfHosted whether the session's environment is {@code self_hosted}, so that a
 * worker must serve it too
 */
public record TurnRequested(String sessionId, String workspaceId, String environmentId, boolean selfHosted) {

}
