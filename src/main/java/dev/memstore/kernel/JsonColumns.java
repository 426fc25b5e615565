package dev.memstore.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * The one way {@code jsonb} columns are read and written: through the application's own
 * {@link JsonMapper}, the one that writes the API's JSON, so a value is stored as the API
 * shows it (snake_case). SQL writes a parameter of {@link #write} as
 * {@code cast(:param as jsonb)}; {@code null} stays SQL {@code null}.
 * <p>
 * {@code jsonb} keeps an object's keys in its own order (shorter keys first), not in the
 * order they were written: {@link #readObject} returns them in that stable order, and
 * {@link #readMetadata} sorted, as every {@code metadata} the API returns is.
 */
@Component
public class JsonColumns {

	private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
	};

	private static final TypeReference<TreeMap<String, String>> METADATA = new TypeReference<>() {
	};

	private static final TypeReference<List<Object>> ARRAY = new TypeReference<>() {
	};

	private final JsonMapper json;

	public JsonColumns(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The column text of a value, or {@code null}.
	 */
	public String write(Object value) {
		return (value != null) ? this.json.writeValueAsString(value) : null;
	}

	/**
	 * The column text of a value without the fields that have columns of their own, such
	 * as an event's {@code id} beside its {@code body}.
	 */
	public String writeWithout(Object value, List<String> fieldsWithColumns) {
		ObjectNode body = this.json.valueToTree(value);
		body.remove(fieldsWithColumns);
		return this.json.writeValueAsString(body);
	}

	public <T> T read(String text, Class<T> type) {
		return (text != null) ? this.json.readValue(text, type) : null;
	}

	/**
	 * A value from its column text and the fields that have columns of their own, the
	 * reverse of {@link #writeWithout}.
	 */
	public <T> T readWith(String text, Map<String, ?> fieldsWithColumns, Class<T> type) {
		ObjectNode node = this.json.valueToTree(fieldsWithColumns);
		node.setAll((ObjectNode) this.json.readTree(text));
		return this.json.treeToValue(node, type);
	}

	/**
	 * A JSON object, in the order {@code jsonb} keeps its keys; {@code null} for SQL
	 * {@code null}.
	 */
	public Map<String, Object> readObject(String text) {
		return (text != null) ? this.json.readValue(text, OBJECT) : null;
	}

	/**
	 * A {@code metadata} object, sorted by key.
	 */
	public Map<String, String> readMetadata(String text) {
		return (text != null) ? this.json.readValue(text, METADATA) : null;
	}

	public List<Object> readArray(String text) {
		return (text != null) ? this.json.readValue(text, ARRAY) : null;
	}

}
