package dev.memstore.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code model} of an agent, always in its object form: a model given as a string
 * ({@code "claude-..."}) is {@code {"id": ...}}. The optional settings are left out when
 * not set.
 *
 * @param effort given as a level ({@code "high"}) or as {@code {"type": "high"}}, always
 * returned as the object
 * @param speed {@code standard} or {@code fast}
 * @param otherFields fields the caller sent that memstore keeps and echoes
 */
public record AgentModel(String id, @JsonInclude(JsonInclude.Include.NON_NULL) Effort effort,
		@JsonInclude(JsonInclude.Include.NON_NULL) String speed,
		@JsonInclude(JsonInclude.Include.NON_NULL) String inferenceGeo,
		@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

	public AgentModel {
		otherFields = OtherFields.of(otherFields);
	}

	static AgentModel of(String id) {
		return new AgentModel(id, null, null, null, Map.of());
	}

	/**
	 * How hard the model thinks.
	 *
	 * @param type {@code low}, {@code medium}, {@code high}, {@code xhigh} or {@code max}
	 */
	public record Effort(String type, @JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

		public Effort {
			otherFields = OtherFields.of(otherFields);
		}

	}

}
