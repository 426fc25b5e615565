package dev.memstore.memory;

import java.time.Instant;

/**
 * The {@code memory} object of the API.
 *
 * @param content {@code null} in the {@code basic} view
 * @param memoryVersionId the head version
 * @param updatedAt the last change of content or path
 */
public record Memory(String id, String type, String memoryStoreId, String path, String content, String contentSha256,
		int contentSizeBytes, String memoryVersionId, Instant createdAt, Instant updatedAt) implements MemoryListItem {

	static final String TYPE = "memory";

}
