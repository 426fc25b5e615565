package dev.memstore.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.agent.EnvironmentConfig.CloudConfig;
import dev.memstore.agent.EnvironmentConfig.Limited;
import dev.memstore.agent.EnvironmentConfig.Networking;
import dev.memstore.agent.EnvironmentConfig.Packages;
import dev.memstore.agent.EnvironmentConfig.SelfHostedConfig;
import dev.memstore.agent.EnvironmentConfig.Unrestricted;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Metadata;
import dev.memstore.kernel.TextRules;

/**
 * Validates environment bodies, naming the offending field in every error, fills in the
 * defaults of their {@code config} and builds their records.
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
		EnvironmentConfig config = current.config();
		if (body.get("config") != null) {
			config = config(body.get("config"));
			if (!config.type().equals(current.config().type())) {
				throw ApiException
					.invalidRequest("config.type cannot change from '" + current.config().type() + "' to '"
							+ config.type() + "'; create a new environment instead")
					.with("details", Map.of("error_code", "invalid_config_type_change"));
			}
		}
		String scope = body.containsKey("scope") ? scope(body.get("scope")) : current.scope();
		return new EnvironmentFields(name, description, config, metadata(current.metadata(), body.get("metadata")),
				scope, otherFields(current.otherFields(), body));
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
	static EnvironmentConfig config(Object value) {
		Map<String, Object> given = (value != null) ? JsonValues.object(value, "config") : Map.of("type", CLOUD);
		String type = JsonValues.requiredString(given, "type", "config");
		if (SELF_HOSTED.equals(type)) {
			return new SelfHostedConfig(JsonValues.others(given, Set.of("type"), "config"));
		}
		if (!CLOUD.equals(type)) {
			throw ApiException
				.invalidRequest("config.type must be '" + CLOUD + "' or '" + SELF_HOSTED + "'; got '" + type + "'");
		}
		Networking networking = networking(given.get("networking"));
		Packages packages = packages(given.get("packages"));
		return new CloudConfig(networking, packages,
				JsonValues.others(given, Set.of("type", "networking", "packages"), "config"));
	}

	private static Networking networking(Object value) {
		String field = "config.networking";
		Map<String, Object> given = (value != null) ? JsonValues.object(value, field) : Map.of("type", "unrestricted");
		String type = JsonValues.requiredString(given, "type", field);
		if ("limited".equals(type)) {
			List<String> allowedHosts = (given.get("allowed_hosts") != null)
					? JsonValues.strings(given.get("allowed_hosts"), field + ".allowed_hosts") : List.of();
			boolean allowMcpServers = (given.get("allow_mcp_servers") != null)
					? JsonValues.bool(given.get("allow_mcp_servers"), field + ".allow_mcp_servers") : false;
			boolean allowPackageManagers = (given.get("allow_package_managers") != null)
					? JsonValues.bool(given.get("allow_package_managers"), field + ".allow_package_managers") : false;
			return new Limited(allowedHosts, allowMcpServers, allowPackageManagers, JsonValues.others(given,
					Set.of("type", "allowed_hosts", "allow_mcp_servers", "allow_package_managers"), field));
		}
		if ("unrestricted".equals(type)) {
			return new Unrestricted(JsonValues.others(given, Set.of("type"), field));
		}
		throw ApiException.invalidRequest(field + ".type must be 'unrestricted' or 'limited'; got '" + type + "'");
	}

	private static Packages packages(Object value) {
		String field = "config.packages";
		Map<String, Object> given = (value != null) ? JsonValues.object(value, field) : Map.of();
		Map<String, List<String>> lists = new LinkedHashMap<>();
		for (String manager : PACKAGE_MANAGERS) {
			lists.put(manager, (given.get(manager) != null)
					? JsonValues.strings(given.get(manager), field + "." + manager) : List.of());
		}
		Object type = given.getOrDefault("type", Packages.TYPE);
		if (!Packages.TYPE.equals(type)) {
			throw ApiException.invalidRequest(field + ".type must be 'packages'");
		}
		return new Packages(lists.get("apt"), lists.get("cargo"), lists.get("gem"), lists.get("go"), lists.get("npm"),
				lists.get("pip"), Packages.TYPE,
				JsonValues.others(given, Set.of("apt", "cargo", "gem", "go", "npm", "pip", "type"), field));
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
		others.putAll(JsonValues.others(unknown, Set.of(), ""));
		return others;
	}

}
