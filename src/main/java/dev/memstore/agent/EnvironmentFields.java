package dev.memstore.agent;

import java.util.Map;

/**
 * What the caller decides about an environment, validated and normalized.
 */
record EnvironmentFields(String name, String description, Map<String, Object> config, Map<String, String> metadata,
		String scope, Map<String, Object> otherFields) {

}
