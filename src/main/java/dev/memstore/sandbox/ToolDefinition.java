package dev.memstore.sandbox;

import java.util.Map;

/**
 * One sandbox tool as a model is told about it: its name, what it does and the JSON
 * schema of its input.
 *
 * @param inputSchema a JSON schema object, as plain maps and lists
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema) {

}
