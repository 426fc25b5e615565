package dev.memstore.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * An entry of an agent's {@code skills}. Both kinds the API knows have the same fields.
 *
 * @param type {@code anthropic} or {@code custom}
 * @param version {@code latest} unless the caller pinned one
 * @param otherFields fields the caller sent that memstore keeps and echoes
 */
public record Skill(String type, String skillId, String version,
		@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

	static final String LATEST = "latest";

	public Skill {
		otherFields = OtherFields.of(otherFields);
	}

}
