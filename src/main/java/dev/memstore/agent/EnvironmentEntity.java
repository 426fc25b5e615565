package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

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

	EnvironmentEntity(String id, String workspaceId, EnvironmentFields fields, Instant createdAt) {
		this.id = id;
		this.workspaceId = workspaceId;
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
		set(fields);
	}

	/**
	 * Applies the new values and moves {@code updated_at} only if something actually
	 * changed.
	 */
	void update(EnvironmentFields fields, Instant now) {
		if (!fields.equals(fields())) {
			set(fields);
			this.updatedAt = now;
		}
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

	Instant getCreatedAt() {
		return this.createdAt;
	}

	EnvironmentFields fields() {
		return new EnvironmentFields(this.name, this.description, JsonValues.copyObject(this.config),
				Map.copyOf(this.metadata), this.scope, JsonValues.copyObject(this.otherFields));
	}

	Environment toEnvironment() {
		EnvironmentFields fields = fields();
		return new Environment(this.id, Environment.TYPE, fields.name(), fields.description(), fields.config(),
				new TreeMap<>(fields.metadata()), fields.scope(), this.createdAt, this.updatedAt, this.archivedAt,
				fields.otherFields());
	}

	private void set(EnvironmentFields fields) {
		this.name = fields.name();
		this.description = fields.description();
		this.config = Objects.requireNonNull(fields.config());
		this.metadata = fields.metadata();
		this.scope = fields.scope();
		this.otherFields = fields.otherFields();
	}

}
