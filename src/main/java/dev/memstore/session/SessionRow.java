package dev.memstore.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.memstore.agent.SessionAgent;

/**
 * A row of {@code sessions}.
 *
 * @param managedBy the id of what runs the session on memstore's behalf (a dream), or
 * {@code null} for a session clients drive
 * @param selfHosted whether its environment is {@code self_hosted}: the client's worker
 * runs its built-in tool calls
 */
record SessionRow(String id, String workspaceId, String agentId, int agentVersion, SessionAgent agent,
		String environmentId, SessionStatus status, String title, Map<String, String> metadata, List<Object> vaultIds,
		Map<String, Object> budget, SessionUsage usage, Instant createdAt, Instant updatedAt, Instant archivedAt,
		String managedBy, boolean selfHosted) {

	boolean isArchived() {
		return this.archivedAt != null;
	}

}
