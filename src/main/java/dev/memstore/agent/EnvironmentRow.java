package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A row of {@code environments}. Its {@code config} holds an {@link EnvironmentConfig} in
 * stored form; {@link EnvironmentService} alone converts it.
 *
 * @param otherFields fields the caller sent that memstore does not interpret, echoed as
 * they came
 */
record EnvironmentRow(String id, String workspaceId, String name, String description, Map<String, Object> config,
		Map<String, String> metadata, String scope, Map<String, Object> otherFields, Instant createdAt,
		Instant updatedAt, Instant archivedAt) {

	static EnvironmentRow created(String id, String workspaceId, Instant createdAt) {
		return new EnvironmentRow(id, workspaceId, null, null, null, null, null, null, createdAt, createdAt, null);
	}

	/**
	 * The environment with what the caller decides, in its stored form.
	 */
	EnvironmentRow with(String name, String description, Map<String, Object> config, Map<String, String> metadata,
			String scope, Map<String, Object> otherFields) {
		return new EnvironmentRow(this.id, this.workspaceId, name, description, Objects.requireNonNull(config),
				metadata, scope, otherFields, this.createdAt, this.updatedAt, this.archivedAt);
	}

	EnvironmentRow touched(Instant now) {
		return new EnvironmentRow(this.id, this.workspaceId, this.name, this.description, this.config, this.metadata,
				this.scope, this.otherFields, this.createdAt, now, this.archivedAt);
	}

	/**
	 * The environment archived; this row itself if it is archived already, since
	 * archiving again changes nothing.
	 */
	EnvironmentRow archived(Instant now) {
		if (isArchived()) {
			return this;
		}
		return new EnvironmentRow(this.id, this.workspaceId, this.name, this.description, this.config, this.metadata,
				this.scope, this.otherFields, this.createdAt, now, now);
	}

	boolean isArchived() {
		return this.archivedAt != null;
	}

}
