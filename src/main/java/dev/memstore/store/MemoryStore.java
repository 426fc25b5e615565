package dev.memstore.store;

import java.time.Instant;
import java.util.Map;

/**
 * The {@code memory_store} object of the API.
 *
 * @param description never {@code null}: {@code ""} when unset
 * @param updatedAt moves when name, description or metadata change, and on archive; not
 * on memory changes
 */
public record MemoryStore(String id, String type, String name, String description, Map<String, String> metadata,
		Instant createdAt, Instant updatedAt, Instant archivedAt) {

	static final String TYPE = "memory_store";

}
