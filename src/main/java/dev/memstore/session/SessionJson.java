package dev.memstore.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.kernel.TextRules;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Converts the JSON columns of the session tables, keeping the key order of objects.
 */
@Component
class SessionJson {

	private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
	};

	private static final TypeReference<List<Object>> ARRAY = new TypeReference<>() {
	};

	private final JsonMapper json;

	SessionJson(JsonMapper json) {
		this.json = json;
	}

	String write(Object value) {
		return (value != null) ? this.json.writeValueAsString(value) : null;
	}

	Map<String, Object> readObject(String text) {
		return (text != null) ? this.json.readValue(text, OBJECT) : null;
	}

	List<Object> readArray(String text) {
		return (text != null) ? this.json.readValue(text, ARRAY) : null;
	}

	@SuppressWarnings("unchecked")
	<T> Map<String, T> readTyped(String text) {
		return (Map<String, T>) readObject(text);
	}

	/**
	 * A copy of a JSON value that PostgreSQL can store: {@code jsonb} holds no NUL, and a
	 * lone surrogate is no Unicode. Text the agent produced may contain either (a
	 * {@code printf '\\0'} in the sandbox, a script's tool input): it is recorded with
	 * U+FFFD, the replacement character, in their place, rather than failing the turn.
	 */
	static Object storable(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(TextRules.storable(String.valueOf(key)), storable(item)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(storable(item)));
			return copy;
		}
		return (value instanceof String text) ? TextRules.storable(text) : value;
	}

	static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

}
