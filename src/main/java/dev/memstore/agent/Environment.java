package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

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
public record Environment(String id, String type, String name, String description, EnvironmentConfig config,
		Map<String, String> metadata, @JsonInclude(JsonInclude.Include.NON_NULL) String scope, Instant createdAt,
		Instant updatedAt, Instant archivedAt, @JsonAnyGetter Map<String, Object> otherFields) {

	static final String TYPE = "environment";

	static Environment of(String id, EnvironmentFields fields, Instant createdAt, Instant updatedAt,
			Instant archivedAt) {
		return new Environment(id, TYPE, fields.name(), fields.description(), fields.config(),
				new TreeMap<>(fields.metadata()), fields.scope(), createdAt, updatedAt, archivedAt,
				fields.otherFields());
	}

}
