package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code agents}, the head of an agent: its current version and configuration.
 * Every version, the current one included, is also an {@link AgentVersionRow}. The
 * {@code config} holds an {@link AgentConfig} in its stored form; {@link AgentService}
 * alone converts it.
 */
record AgentRow(String id, String workspaceId, int version, Map<String, Object> config, Instant createdAt,
		Instant updatedAt, Instant archivedAt) {

	static AgentRow created(String id, String workspaceId, Map<String, Object> config, Instant createdAt) {
		return new AgentRow(id, workspaceId, 1, config, createdAt, createdAt, null);
	}

	/**
	 * The agent with {@code config} as its next version.
	 */
	AgentRow withNextVersion(Map<String, Object> config, Instant now) {
		return new AgentRow(this.id, this.workspaceId, this.version + 1, config, this.createdAt, now, this.archivedAt);
	}

	/**
	 * The agent archived; this row itself if it is archived already, since archiving
	 * again changes nothing.
	 */
	AgentRow archived(Instant now) {
		if (isArchived()) {
			return this;
		}
		return new AgentRow(this.id, this.workspaceId, this.version, this.config, this.createdAt, now, now);
	}

	boolean isArchived() {
		return this.archivedAt != null;
	}

}
