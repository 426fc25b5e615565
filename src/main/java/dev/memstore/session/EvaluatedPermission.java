package dev.memstore.session;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a tool call was permitted, the {@code evaluated_permission} of
 * {@code agent.tool_use}: {@code allow} runs it at once, {@code ask} waits for the user's
 * confirmation, {@code deny} refuses it before any policy applies (a tool the agent does
 * not have).
 */
public enum EvaluatedPermission {

	ALLOW("allow"), ASK("ask"), DENY("deny");

	private final String wireName;

	EvaluatedPermission(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

}
