package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The head of an agent: its current version and configuration. Every version, the current
 * one included, is also an {@link AgentVersionEntity}. The {@code config} column holds an
 * {@link AgentConfig} in its stored form; {@link AgentService} alone converts it.
 */
@Entity
@Table(name = "agents")
class AgentEntity {

	@Id
	private String id;

	private String workspaceId;

	private int version;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, Object> config;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant archivedAt;

	protected AgentEntity() {
	}

	AgentEntity(String id, String workspaceId, Map<String, Object> config, Instant createdAt) {
		this.id = id;
		this.workspaceId = workspaceId;
		this.version = 1;
		this.config = config;
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
	}

	/**
	 * Makes {@code config} the next version.
	 * @return the new version number
	 */
	int newVersion(Map<String, Object> config, Instant now) {
		this.version++;
		this.config = config;
		this.updatedAt = now;
		return this.version;
	}

	/**
	 * Archives the agent once; archiving again changes nothing.
	 */
	void archive(Instant now) {
		if (this.archivedAt == null) {
			this.archivedAt = now;
			this.updatedAt = now;
		}
	}

	boolean isArchived() {
		return this.archivedAt != null;
	}

	String getId() {
		return this.id;
	}

	int getVersion() {
		return this.version;
	}

	Map<String, Object> getConfig() {
		return this.config;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	Instant getArchivedAt() {
		return this.archivedAt;
	}

}
