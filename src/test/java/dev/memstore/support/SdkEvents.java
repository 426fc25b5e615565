package dev.memstore.support;

import com.anthropic.core.ObjectMappers;

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

	private static String field(Object event, String name) {
		return ObjectMappers.jsonMapper().valueToTree(event).path(name).asText();
	}

}
