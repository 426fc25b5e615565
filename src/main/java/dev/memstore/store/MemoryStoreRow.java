package dev.memstore.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A row of {@code memory_stores}. Its changes are new rows, written by
 * {@link MemoryStoreRepository#update}.
 */
record MemoryStoreRow(String id, String workspaceId, String name, String description, Map<String, String> metadata,
		Instant createdAt, Instant updatedAt, Instant archivedAt) {

	static MemoryStoreRow created(String id, String workspaceId, String name, String description,
			Map<String, String> metadata, Instant createdAt) {
		return new MemoryStoreRow(id, workspaceId, name, description, new TreeMap<>(metadata), createdAt, createdAt,
				null);
	}

	/**
	 * The row with the new values, {@code updated_at} moved; this row itself if nothing
	 * actually changed.
	 */
	MemoryStoreRow updated(String name, String description, Map<String, String> metadata, Instant now) {
		boolean changed = !Objects.equals(this.name, name) || !Objects.equals(this.description, description)
				|| !Objects.equals(this.metadata, metadata);
		if (!changed) {
			return this;
		}
		return new MemoryStoreRow(this.id, this.workspaceId, name, description, new TreeMap<>(metadata), this.createdAt,
				now, this.archivedAt);
	}

	/**
	 * The row archived; this row itself if it is archived already, since archiving again
	 * changes nothing.
	 */
	MemoryStoreRow archived(Instant now) {
		if (isArchived()) {
			return this;
		}
		return new MemoryStoreRow(this.id, this.workspaceId, this.name, this.description, this.metadata, this.createdAt,
				now, now);
	}

	boolean isArchived() {
		return this.archivedAt != null;
	}

	MemoryStore toMemoryStore() {
		return new MemoryStore(this.id, MemoryStore.TYPE, this.name, this.description, new TreeMap<>(this.metadata),
				this.createdAt, this.updatedAt, this.archivedAt);
	}

}
