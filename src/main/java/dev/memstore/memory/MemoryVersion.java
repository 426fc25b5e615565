package dev.memstore.memory;

import java.time.Instant;

/**
 * The {@code memory_version} object of the API: an immutable record of one write.
 *
 * @param path the path at the time of the write; {@code null} only once redacted
 * @param content {@code null} in the {@code basic} view, for deletions, and once redacted
 * @param contentSha256 {@code null} for deletions and once redacted
 * @param contentSizeBytes {@code null} for deletions and once redacted
 */
public record MemoryVersion(String id, String type, String memoryId, String memoryStoreId,
		MemoryVersionOperation operation, Instant createdAt, String content, String contentSha256,
		Integer contentSizeBytes, String path, Actor createdBy, Instant redactedAt, Actor redactedBy) {

	static final String TYPE = "memory_version";

}
