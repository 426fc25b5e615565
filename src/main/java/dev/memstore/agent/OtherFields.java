package dev.memstore.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of an object that memstore keeps and echoes without interpreting them: what
 * a caller sent beyond the API's fields, at any level of an agent or environment. They
 * are the one free-form part of those records; the records read them from the stored JSON
 * with {@code @JsonAnySetter} and write them after their own fields with
 * {@code @JsonAnyGetter}.
 */
final class OtherFields {

	private OtherFields() {
	}

	/**
	 * An unmodifiable copy in the given order; {@code null} (nothing was read) is empty.
	 */
	static Map<String, Object> of(Map<String, Object> fields) {
		return (fields != null && !fields.isEmpty()) ? Collections.unmodifiableMap(new LinkedHashMap<>(fields))
				: Map.of();
	}

}
