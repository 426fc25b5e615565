package dev.memstore.agent;

import java.util.Map;

/**
 * What the caller decides about an environment, validated and normalized.
 *
 * @param otherFields fields the caller sent that memstore does not interpret, echoed as
 * they came
 */
record EnvironmentFields(String name, String description, EnvironmentConfig config, Map<String, String> metadata,
		String scope, Map<String, Object> otherFields) {

}
