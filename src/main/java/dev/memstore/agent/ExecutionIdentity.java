package dev.memstore.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * Whose identity an agent's tools act with. memstore runs no tool outside its sandbox, so
 * it keeps the identity as given (an {@code aws_role}'s {@code role_arn} among its other
 * fields) and echoes it.
 *
 * @param type {@code service_account} unless the caller chose another
 * @param otherFields the identity's other fields, kept and echoed
 */
public record ExecutionIdentity(String type, @JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

	static final ExecutionIdentity SERVICE_ACCOUNT = new ExecutionIdentity("service_account", Map.of());

	public ExecutionIdentity {
		otherFields = OtherFields.of(otherFields);
	}

}
