package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An environment. Its {@code config} holds an {@link EnvironmentConfig} in stored form;
 * {@link EnvironmentService} alone converts it.
 */
@Entity
@Table(name = "environments")
class EnvironmentEntity {

	@Id
	private String id;

	private String workspaceId;

	private String name;

	private String description;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, Object> config;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, String> metadata;

	private String scope;

	/**
	 * Fields the caller sent that memstore does not interpret, echoed as they came.
	 */
	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, Object> otherFields;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant archivedAt;

	protected EnvironmentEntity() {
	}

	EnvironmentEntity(String id, String workspaceId, Instant createdAt) {
		this.id = id;
		this.workspaceId = workspaceId;
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
	}

	/**
	 * Sets what the caller decides, in its stored form.
	 */
	void set(String name, String description, Map<String, Object> config, Map<String, String> metadata, String scope,
			Map<String, Object> otherFields) {
		this.name = name;
		this.description = description;
		this.config = Objects.requireNonNull(config);
		this.metadata = metadata;
		this.scope = scope;
		this.otherFields = otherFields;
	}

	void touch(Instant now) {
		this.updatedAt = now;
	}

	/**
	 * Archives the environment once; archiving again changes nothing.
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

	String getName() {
		return this.name;
	}

	String getDescription() {
		return this.description;
	}

	Map<String, Object> getConfig() {
		return this.config;
	}

	Map<String, String> getMetadata() {
		return this.metadata;
	}

	String getScope() {
		return this.scope;
	}

	Map<String, Object> getOtherFields() {
		return this.otherFields;
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
