package dev.memstore.memory;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code memory_version} object of the API: an immutable record of one write.
 *
 * @param path the path at the time of the write; {@code null} only once redacted
 * @param content {@code null} in the {@code basic} view, for deletions, and once redacted
 * @param contentSha256 {@code null} for deletions and once redacted
 * @param contentSizeBytes {@code null} for deletions and once redacted
 * @param copiedFrom a memstore extension, present only on a version whose content
 * memstore copied from another store's version (a dream's output store starts as such a
 * copy; adopting a dream's output copies back)
 */
public record MemoryVersion(String id, String type, String memoryId, String memoryStoreId,
		MemoryVersionOperation operation, Instant createdAt, String content, String contentSha256,
		Integer contentSizeBytes, String path, Actor createdBy, Instant redactedAt, Actor redactedBy,
		@JsonInclude(JsonInclude.Include.NON_NULL) CopiedFrom copiedFrom) {

	static final String TYPE = "memory_version";

}
