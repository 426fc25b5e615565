package dev.memstore.support;

import com.anthropic.core.ObjectMappers;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the wire fields of a session event as the SDK parsed it, whatever its variant.
 */
public final class SdkEvents {

	private SdkEvents() {
	}

	public static String type(Object event) {
		return field(event, "type");
	}

	public static String id(Object event) {
		return field(event, "id");
	}

	/**
	 * All of the event's wire fields.
	 */
	public static JsonNode json(Object event) {
		return ObjectMappers.jsonMapper().valueToTree(event);
	}

	private static String field(Object event, String name) {
		return json(event).path(name).asText();
	}

}
