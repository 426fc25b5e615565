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
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Converts the JSON columns of the session tables, keeping the key order of objects. An
 * event's {@code body} column holds its fields other than {@code type}, {@code id} and
 * {@code processed_at}, which have columns of their own.
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

	<T> T read(String text, Class<T> type) {
		return (text != null) ? this.json.readValue(text, type) : null;
	}

	Map<String, Object> readObject(String text) {
		return (text != null) ? this.json.readValue(text, OBJECT) : null;
	}

	List<Object> readArray(String text) {
		return (text != null) ? this.json.readValue(text, ARRAY) : null;
	}

	/**
	 * The event as it can be stored (see {@link #storable(Object)}).
	 */
	SessionEvent storable(SessionEvent event) {
		return this.json.convertValue(storable(this.json.convertValue(event, OBJECT)), SessionEvent.class);
	}

	String eventBody(SessionEvent event) {
		return body(event, "type", "id", "processed_at");
	}

	SessionEvent readEvent(String type, String id, String body, Instant processedAt) {
		return read(SessionEvent.class, body, "type", type, "id", id, "processed_at", processedAt);
	}

	String resourceBody(SessionResource resource) {
		return body(resource, "id", "created_at", "updated_at");
	}

	SessionResource readResource(String id, String body, Instant createdAt, Instant updatedAt) {
		return read(SessionResource.class, body, "id", id, "created_at", createdAt, "updated_at", updatedAt);
	}

	/**
	 * The JSON of a record without the fields that have columns of their own.
	 */
	private String body(Object value, String... columnFields) {
		ObjectNode body = this.json.valueToTree(value);
		body.remove(List.of(columnFields));
		return this.json.writeValueAsString(body);
	}

	/**
	 * A record from its {@code body} column and the fields that have columns of their
	 * own.
	 * @param columns names and values, in turn
	 */
	private <T> T read(Class<T> type, String body, Object... columns) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < columns.length; i += 2) {
			fields.put((String) columns[i], columns[i + 1]);
		}
		ObjectNode node = this.json.valueToTree(fields);
		node.setAll((ObjectNode) this.json.readTree(body));
		return this.json.treeToValue(node, type);
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
