package dev.memstore.session;

/**
 * Published inside the transaction that archives or deletes a session: it takes no new
 * work, so whatever serves it elsewhere (a self-hosted worker) stops with it.
 *
 * @param deleted {@code true} for a deletion, {@code false} for an archiving
 */
public record SessionClosed(String workspaceId, String sessionId, boolean deleted) {

}
