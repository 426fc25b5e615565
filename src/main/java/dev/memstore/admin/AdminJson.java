package dev.memstore.admin;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Free-form JSON (a tool call's input) as indented text for the admin page, written by
 * the application's own mapper so that it reads as the API shows it, not as Java's
 * {@code Map.toString()}.
 */
@Component
class AdminJson {

	private final JsonMapper mapper;

	AdminJson(JsonMapper mapper) {
		this.mapper = mapper.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
	}

	String pretty(Object value) {
		return this.mapper.writeValueAsString(value);
	}

}
