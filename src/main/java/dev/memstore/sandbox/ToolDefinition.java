package dev.memstore.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sandbox tool as a model is told about it: its name, what it does and the JSON
 * schema of its input.
 *
 * @param inputSchema a JSON schema object, as plain maps and lists
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema) {

	/**
	 * An object schema with these properties, in this order.
	 * @param required the required properties, or {@code null} to name none
	 */
	@SafeVarargs
	public static Map<String, Object> objectSchema(List<String> required, Map.Entry<String, Object>... properties) {
		Map<String, Object> byName = new LinkedHashMap<>();
		for (Map.Entry<String, Object> property : properties) {
			byName.put(property.getKey(), property.getValue());
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", byName);
		if (required != null) {
			schema.put("required", required);
		}
		return schema;
	}

	/**
	 * A property of an object schema with its type and description.
	 */
	public static Map.Entry<String, Object> property(String name, String type, String description) {
		return Map.entry(name, Map.of("type", type, "description", description));
	}

}
