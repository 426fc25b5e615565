package dev.memstore.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row of {@code session_resources}.
 *
 * @param body the wire fields other than {@code id} and the timestamps
 */
record ResourceRow(String id, String sessionId, int position, String type, String memoryStoreId,
		Map<String, Object> body, Instant createdAt, Instant updatedAt) {

	static final String MEMORY_STORE = "memory_store";

	Map<String, Object> toWire() {
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("id", this.id);
		wire.putAll(this.body);
		wire.put("created_at", this.createdAt);
		wire.put("updated_at", this.updatedAt);
		return wire;
	}

}
