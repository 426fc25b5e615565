package dev.memstore.memory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A row of {@code memories}; {@code content} is {@code null} when the query did not read
 * it.
 */
record MemoryRow(String id, String storeId, String path, String content, String sha256, int sizeBytes, String versionId,
		Instant createdAt, Instant updatedAt) {

	static final String BASIC_COLUMNS = "m.id, m.memory_store_id, m.path, m.content_sha256, m.content_size_bytes, "
			+ "m.memory_version_id, m.created_at, m.updated_at";

	static String columns(boolean withContent) {
		return withContent ? BASIC_COLUMNS + ", m.content" : BASIC_COLUMNS;
	}

	static MemoryRow read(ResultSet rs, boolean withContent) throws SQLException {
		return new MemoryRow(rs.getString("id"), rs.getString("memory_store_id"), rs.getString("path"),
				withContent ? rs.getString("content") : null, rs.getString("content_sha256"),
				rs.getInt("content_size_bytes"), rs.getString("memory_version_id"), instant(rs, "created_at"),
				instant(rs, "updated_at"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	Memory toMemory(MemoryView view) {
		return new Memory(this.id, Memory.TYPE, this.storeId, this.path,
				(view == MemoryView.FULL) ? this.content : null, this.sha256, this.sizeBytes, this.versionId,
				this.createdAt, this.updatedAt);
	}

}
