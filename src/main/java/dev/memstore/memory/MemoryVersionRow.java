package dev.memstore.memory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A row of {@code memory_versions}; {@code content} is {@code null} when the query did
 * not read it.
 */
record MemoryVersionRow(String id, String storeId, String memoryId, MemoryVersionOperation operation, String path,
		String content, String sha256, Integer sizeBytes, Instant createdAt, Actor createdBy, Instant redactedAt,
		Actor redactedBy, CopiedFrom copiedFrom) {

	static final String BASIC_COLUMNS = "v.id, v.memory_store_id, v.memory_id, v.operation, v.path, v.content_sha256, "
			+ "v.content_size_bytes, v.created_at, v.created_by_type, v.created_by_id, v.redacted_at, "
			+ "v.redacted_by_type, v.redacted_by_id, v.copied_from_store_id, v.copied_from_version_id";

	static String columns(boolean withContent) {
		return withContent ? BASIC_COLUMNS + ", v.content" : BASIC_COLUMNS;
	}

	static MemoryVersionRow read(ResultSet rs, boolean withContent) throws SQLException {
		String redactedByType = rs.getString("redacted_by_type");
		String copiedFromVersion = rs.getString("copied_from_version_id");
		return new MemoryVersionRow(rs.getString("id"), rs.getString("memory_store_id"), rs.getString("memory_id"),
				MemoryVersionOperation.parse(rs.getString("operation")), rs.getString("path"),
				withContent ? rs.getString("content") : null, rs.getString("content_sha256"),
				rs.getObject("content_size_bytes", Integer.class), MemoryRow.instant(rs, "created_at"),
				Actor.of(rs.getString("created_by_type"), rs.getString("created_by_id")),
				MemoryRow.instant(rs, "redacted_at"),
				(redactedByType != null) ? Actor.of(redactedByType, rs.getString("redacted_by_id")) : null,
				(copiedFromVersion != null) ? new CopiedFrom(rs.getString("copied_from_store_id"), copiedFromVersion)
						: null);
	}

	/**
	 * This version with its content, path, hash and size erased.
	 */
	MemoryVersionRow redacted(Instant at, Actor by) {
		return new MemoryVersionRow(this.id, this.storeId, this.memoryId, this.operation, null, null, null, null,
				this.createdAt, this.createdBy, at, by, this.copiedFrom);
	}

	MemoryVersion toMemoryVersion(MemoryView view) {
		return new MemoryVersion(this.id, MemoryVersion.TYPE, this.memoryId, this.storeId, this.operation,
				this.createdAt, (view == MemoryView.FULL) ? this.content : null, this.sha256, this.sizeBytes, this.path,
				this.createdBy, this.redactedAt, this.redactedBy, this.copiedFrom);
	}

}
