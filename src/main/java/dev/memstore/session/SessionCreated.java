package dev.memstore.session;

/**
 * Published inside the transaction that creates a session from the API, so that what a
 * new session needs elsewhere (a self-hosted environment's work item) commits with it.
 *
 * @param selfHosted whether the session's environment is {@code self_hosted}, whose
 * workers run its tools
 */
public record SessionCreated(String workspaceId, String sessionId, String environmentId, boolean selfHosted) {

}
