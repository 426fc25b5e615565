package dev.memstore.session;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a tool call was permitted, the {@code evaluated_permission} of
 * {@code agent.tool_use}. memstore runs every built-in tool without asking, so it writes
 * only {@code allow}; the API's {@code ask} and {@code deny} come with permission
 * policies.
 */
public enum EvaluatedPermission {

	ALLOW("allow");

	private final String wireName;

	EvaluatedPermission(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

}
