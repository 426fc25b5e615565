package dev.memstore.selfhosted;

/**
 * Published inside the transaction that stops a work item, so that a session whose turn
 * is unfinished gets a new item once the stop commits.
 */
record WorkStopped(String workspaceId, String environmentId, String sessionId) {

}
