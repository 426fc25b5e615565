package dev.memstore.store;

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
@Table(name = "memory_stores")
class MemoryStoreEntity {

	@Id
	private String id;

	private String workspaceId;

	private String name;

	private String description;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, String> metadata;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant archivedAt;

	protected MemoryStoreEntity() {
	}

	MemoryStoreEntity(String id, String workspaceId, String name, String description, Map<String, String> metadata,
			Instant createdAt) {
		this.id = id;
		this.workspaceId = workspaceId;
		this.name = name;
		this.description = description;
		this.metadata = new TreeMap<>(metadata);
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
	}

	/**
	 * Applies the new values and moves {@code updated_at} only if something actually
	 * changed.
	 */
	void update(String name, String description, Map<String, String> metadata, Instant now) {
		boolean changed = !Objects.equals(this.name, name) || !Objects.equals(this.description, description)
				|| !Objects.equals(this.metadata, metadata);
		if (changed) {
			this.name = name;
			this.description = description;
			this.metadata = new TreeMap<>(metadata);
			this.updatedAt = now;
		}
	}

	/**
	 * Archives the store once; archiving again changes nothing.
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

	Map<String, String> getMetadata() {
		return this.metadata;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	MemoryStore toMemoryStore() {
		return new MemoryStore(this.id, MemoryStore.TYPE, this.name, this.description, new TreeMap<>(this.metadata),
				this.createdAt, this.updatedAt, this.archivedAt);
	}

}
