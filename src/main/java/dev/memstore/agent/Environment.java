package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code environment} object of the API: where a session's tools would run.
 *
 * @param config {@code {type:"cloud", networking, packages}} with every default filled
 * in, or {@code {type:"self_hosted"}}
 * @param scope {@code organization} or {@code account}; left out when not set
 * @param otherFields fields the caller sent that memstore keeps and echoes without
 * interpreting them
 */
public record Environment(String id, String type, String name, String description, Map<String, Object> config,
		Map<String, String> metadata, @JsonInclude(JsonInclude.Include.NON_NULL) String scope, Instant createdAt,
		Instant updatedAt, Instant archivedAt, @JsonAnyGetter Map<String, Object> otherFields) {

	static final String TYPE = "environment";

}
