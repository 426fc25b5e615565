package dev.memstore.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a session's log.
 *
 * @param seq its place in the session's emission order
 * @param fields the wire fields other than {@code type}, {@code id} and
 * {@code processed_at}
 * @param processedAt {@code null} while a user event waits in the queue
 */
public record SessionEvent(String id, String sessionId, long seq, String type, Map<String, Object> fields,
		Instant processedAt) {

	static final String ID_PREFIX = "sevt_";

	/**
	 * The event as the API shows it.
	 */
	public Map<String, Object> toWire() {
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("type", this.type);
		wire.put("id", this.id);
		wire.putAll(this.fields);
		wire.put("processed_at", this.processedAt);
		return wire;
	}

}
