package dev.memstore.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.TextRules;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * What the session tables store as JSON beyond plain values, which the repositories write
 * and read with {@link JsonColumns}: an event's {@code body} column holds its fields
 * other than {@code type}, {@code id} and {@code processed_at}, which have columns of
 * their own, and a resource's its fields other than {@code id}, {@code created_at} and
 * {@code updated_at}.
 */
@Component
class SessionJson {

	private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
	};

	private static final List<String> EVENT_COLUMNS = List.of("type", "id", "processed_at");

	private static final List<String> RESOURCE_COLUMNS = List.of("id", "created_at", "updated_at");

	private final JsonMapper json;

	private final JsonColumns columns;

	SessionJson(JsonMapper json) {
		this.json = json;
		this.columns = new JsonColumns(json);
	}

	/**
	 * The event as it can be stored (see {@link #storable(Object)}).
	 */
	SessionEvent storable(SessionEvent event) {
		return this.json.convertValue(storable(this.json.convertValue(event, OBJECT)), SessionEvent.class);
	}

	String eventBody(SessionEvent event) {
		return this.columns.writeWithout(event, EVENT_COLUMNS);
	}

	SessionEvent readEvent(String type, String id, String body, Instant processedAt) {
		return this.columns.readWith(body, columnFields(EVENT_COLUMNS, type, id, processedAt), SessionEvent.class);
	}

	String resourceBody(SessionResource resource) {
		return this.columns.writeWithout(resource, RESOURCE_COLUMNS);
	}

	SessionResource readResource(String id, String body, Instant createdAt, Instant updatedAt) {
		return this.columns.readWith(body, columnFields(RESOURCE_COLUMNS, id, createdAt, updatedAt),
				SessionResource.class);
	}

	private static Map<String, Object> columnFields(List<String> names, Object... values) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++) {
			fields.put(names.get(i), values[i]);
		}
		return fields;
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
