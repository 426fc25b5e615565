package dev.memstore.agent;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Converts the records of this module to and from the form their {@code jsonb} columns
 * hold ({@code agents.config}, {@code agent_versions.config},
 * {@code environments.config}, {@code environments.other_fields}), with the application's
 * JSON settings: the same snake_case names as on the wire, so a column holds exactly what
 * the API shows. Rows written before the records existed have that shape too, and read
 * back through the same records.
 */
@Component
class StoredJson {

	private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final JsonMapper json;

	StoredJson(JsonMapper json) {
		this.json = json;
	}

	Map<String, Object> write(Object value) {
		return this.json.convertValue(value, OBJECT);
	}

	<T> T read(Map<String, Object> stored, Class<T> type) {
		return this.json.convertValue(stored, type);
	}

}
