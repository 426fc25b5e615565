package dev.memstore.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Metadata;
import dev.memstore.kernel.TextRules;

/**
 * Validates environment bodies and fills in the defaults of their {@code config}.
 */
final class EnvironmentDefinition {

	static final int MAX_NAME_LENGTH = 256;

	static final int MAX_DESCRIPTION_LENGTH = 2048;

	static final String CLOUD = "cloud";

	static final String SELF_HOSTED = "self_hosted";

	private static final Set<String> FIELDS = Set.of("name", "description", "config", "metadata", "scope");

	private static final Set<String> SERVER_FIELDS = Set.of("id", "type", "created_at", "updated_at", "archived_at");

	private static final List<String> PACKAGE_MANAGERS = List.of("apt", "cargo", "gem", "go", "npm", "pip");

	private static final Set<String> SCOPES = Set.of("organization", "account");

	private EnvironmentDefinition() {
	}

	static EnvironmentFields forCreate(Map<String, Object> body) {
		return new EnvironmentFields(name(body.get("name")), description(body.get("description")),
				config(body.get("config")), metadata(Map.of(), body.get("metadata")), scope(body.get("scope")),
				otherFields(Map.of(), body));
	}

	/**
	 * Applies an update body: fields given replace the current ones, {@code metadata} is
	 * a patch, and fields memstore does not know are set or replaced one by one.
	 */
	static EnvironmentFields apply(EnvironmentFields current, Map<String, Object> body) {
		String name = body.containsKey("name") ? name(body.get("name")) : current.name();
		String description = body.containsKey("description") ? description(body.get("description"))
				: current.description();
		Map<String, Object> config = current.config();
		if (body.get("config") != null) {
			config = config(body.get("config"));
			if (!config.get("type").equals(current.config().get("type"))) {
				throw ApiException
					.invalidRequest("config.type cannot change from '" + current.config().get("type") + "' to '"
							+ config.get("type") + "'; create a new environment instead")
					.with("details", Map.of("error_code", "invalid_config_type_change"));
			}
		}
		String scope = body.containsKey("scope") ? scope(body.get("scope")) : current.scope();
		return new EnvironmentFields(name, description, config, metadata(current.metadata(), body.get("metadata")),
				scope, otherFields(current.otherFields(), body));
	}

	static boolean isSelfHosted(Map<String, Object> config) {
		return SELF_HOSTED.equals(config.get("type"));
	}

	private static String name(Object value) {
		if (value != null && !(value instanceof String)) {
			throw ApiException.invalidRequest("name must be a string");
		}
		TextRules.requireName("name", (String) value, MAX_NAME_LENGTH);
		return (String) value;
	}

	private static String description(Object value) {
		if (value == null) {
			return null;
		}
		String description = JsonValues.string(value, "description");
		TextRules.requireLength("description", description, 0, MAX_DESCRIPTION_LENGTH);
		return description;
	}

	private static String scope(Object value) {
		if (value == null) {
			return null;
		}
		String scope = JsonValues.string(value, "scope");
		if (!SCOPES.contains(scope)) {
			throw ApiException.invalidRequest("scope must be 'organization' or 'account'; got '" + scope + "'");
		}
		return scope;
	}

	/**
	 * A config with every default filled in: an absent config is a cloud container with
	 * unrestricted networking and no packages.
	 */
	static Map<String, Object> config(Object value) {
		Map<String, Object> given = (value != null) ? JsonValues.object(value, "config") : Map.of("type", CLOUD);
		String type = JsonValues.requiredString(given, "type", "config");
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("type", type);
		if (SELF_HOSTED.equals(type)) {
			JsonValues.copyOthers(given, Set.of("type"), config, "config");
			return config;
		}
		if (!CLOUD.equals(type)) {
			throw ApiException
				.invalidRequest("config.type must be '" + CLOUD + "' or '" + SELF_HOSTED + "'; got '" + type + "'");
		}
		config.put("networking", networking(given.get("networking")));
		config.put("packages", packages(given.get("packages")));
		JsonValues.copyOthers(given, Set.of("type", "networking", "packages"), config, "config");
		return config;
	}

	private static Map<String, Object> networking(Object value) {
		String field = "config.networking";
		Map<String, Object> given = (value != null) ? JsonValues.object(value, field) : Map.of("type", "unrestricted");
		String type = JsonValues.requiredString(given, "type", field);
		Map<String, Object> networking = new LinkedHashMap<>();
		networking.put("type", type);
		if ("limited".equals(type)) {
			networking.put("allowed_hosts", (given.get("allowed_hosts") != null)
					? JsonValues.strings(given.get("allowed_hosts"), field + ".allowed_hosts") : List.of());
			networking.put("allow_mcp_servers", (given.get("allow_mcp_servers") != null)
					? JsonValues.bool(given.get("allow_mcp_servers"), field + ".allow_mcp_servers") : false);
			networking.put("allow_package_managers", (given.get("allow_package_managers") != null)
					? JsonValues.bool(given.get("allow_package_managers"), field + ".allow_package_managers") : false);
			JsonValues.copyOthers(given, Set.of("type", "allowed_hosts", "allow_mcp_servers", "allow_package_managers"),
					networking, field);
		}
		else if ("unrestricted".equals(type)) {
			JsonValues.copyOthers(given, Set.of("type"), networking, field);
		}
		else {
			throw ApiException.invalidRequest(field + ".type must be 'unrestricted' or 'limited'; got '" + type + "'");
		}
		return networking;
	}

	private static Map<String, Object> packages(Object value) {
		String field = "config.packages";
		Map<String, Object> given = (value != null) ? JsonValues.object(value, field) : Map.of();
		Map<String, Object> packages = new LinkedHashMap<>();
		for (String manager : PACKAGE_MANAGERS) {
			packages.put(manager, (given.get(manager) != null)
					? JsonValues.strings(given.get(manager), field + "." + manager) : List.of());
		}
		Object type = given.getOrDefault("type", "packages");
		if (!"packages".equals(type)) {
			throw ApiException.invalidRequest(field + ".type must be 'packages'");
		}
		packages.put("type", "packages");
		JsonValues.copyOthers(given, Set.of("apt", "cargo", "gem", "go", "npm", "pip", "type"), packages, field);
		return packages;
	}

	private static Map<String, String> metadata(Map<String, String> current, Object value) {
		if (value == null) {
			return new LinkedHashMap<>(current);
		}
		Map<String, Object> given = JsonValues.object(value, "metadata");
		Map<String, String> patch = new LinkedHashMap<>();
		given.forEach((key, item) -> {
			if (item != null && !(item instanceof String)) {
				throw invalidMetadata(ApiException
					.invalidRequest("metadata values must be strings (or null to remove a key); '" + key + "' is not"));
			}
			patch.put(key, (String) item);
		});
		try {
			return new LinkedHashMap<>(Metadata.patch(current, patch));
		}
		catch (ApiException ex) {
			throw invalidMetadata(ex);
		}
	}

	/**
	 * Adds the sub-code the SDKs turn into their invalid-metadata error.
	 */
	private static ApiException invalidMetadata(ApiException ex) {
		return ex.with("details", Map.of("error_code", "invalid_metadata"));
	}

	private static Map<String, Object> otherFields(Map<String, Object> current, Map<String, Object> body) {
		Map<String, Object> others = new LinkedHashMap<>(current);
		Map<String, Object> unknown = new LinkedHashMap<>(body);
		unknown.keySet().removeAll(FIELDS);
		unknown.keySet().removeAll(SERVER_FIELDS);
		JsonValues.copyOthers(unknown, Set.of(), others, "");
		return others;
	}

}
