package dev.memstore.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;

/**
 * The {@code tools} of an agent: how each kind of entry is validated and returned
 * resolved, and which built-in tools a resolved list enables.
 * <p>
 * The built-in toolset comes back with every one of its tools spelled out, each with the
 * {@code enabled} flag and {@code permission_policy} it inherits from
 * {@code default_config} unless the caller set its own; resolving an already resolved
 * list gives the same list.
 */
public final class AgentTools {

	static final String AGENT_TOOLSET = "agent_toolset_20260401";

	static final String MCP_TOOLSET = "mcp_toolset";

	static final String CUSTOM = "custom";

	/**
	 * The tools of {@value #AGENT_TOOLSET}, in the order the API lists them.
	 */
	static final List<String> BUILT_IN_TOOLS = List.of("bash", "edit", "read", "write", "glob", "grep", "web_fetch",
			"web_search");

	static final int MAX_TOOLS = 256;

	private static final Set<String> PERMISSION_POLICIES = Set.of("always_allow", "always_ask", "auto");

	private static final Set<String> TOOLSET_FIELDS = Set.of("type", "default_config", "configs");

	private static final Set<String> MCP_TOOLSET_FIELDS = Set.of("type", "mcp_server_name", "default_config",
			"configs");

	private static final Set<String> DEFAULT_CONFIG_FIELDS = Set.of("enabled", "permission_policy");

	private static final Set<String> TOOL_CONFIG_FIELDS = Set.of("name", "type", "enabled", "permission_policy");

	private static final Set<String> CUSTOM_TOOL_FIELDS = Set.of("type", "name", "description", "input_schema");

	private AgentTools() {
	}

	/**
	 * Names the built-in tools ({@code bash}, {@code read}, {@code write}, {@code edit},
	 * {@code glob}, {@code grep}, {@code web_fetch}, {@code web_search}) that an agent's
	 * resolved {@code tools} array enables through its {@value #AGENT_TOOLSET} entry.
	 * @param resolvedTools the {@code tools} of an agent object or session snapshot
	 * @return the enabled tools in the API's order; empty when there is no toolset
	 */
	public static Set<String> enabledBuiltInTools(Object resolvedTools) {
		Set<String> enabled = new LinkedHashSet<>();
		if (!(resolvedTools instanceof List<?> tools)) {
			return enabled;
		}
		for (Object tool : tools) {
			if (tool instanceof Map<?, ?> toolset && AGENT_TOOLSET.equals(toolset.get("type"))) {
				boolean enabledByDefault = !(toolset.get("default_config") instanceof Map<?, ?> defaults)
						|| !Boolean.FALSE.equals(defaults.get("enabled"));
				Map<Object, Object> enabledByName = new LinkedHashMap<>();
				if (toolset.get("configs") instanceof List<?> configs) {
					for (Object config : configs) {
						if (config instanceof Map<?, ?> entry && entry.get("enabled") instanceof Boolean flag) {
							enabledByName.put(entry.get("name"), flag);
						}
					}
				}
				for (String name : BUILT_IN_TOOLS) {
					if (Boolean.TRUE.equals(enabledByName.getOrDefault(name, enabledByDefault))) {
						enabled.add(name);
					}
				}
			}
		}
		return enabled;
	}

	/**
	 * Validates a {@code tools} array and returns it resolved. References from
	 * {@code mcp_toolset} entries to {@code mcp_servers} are checked separately, by
	 * {@link #requireKnownMcpServers}, once both arrays are final.
	 * @param field the name of the array in error messages, such as {@code tools}
	 */
	static List<Object> resolve(Object value, String field) {
		if (value == null) {
			return new ArrayList<>();
		}
		List<Object> tools = JsonValues.array(value, field);
		List<Object> resolved = new ArrayList<>(tools.size());
		int toolCount = 0;
		boolean toolsetSeen = false;
		for (int i = 0; i < tools.size(); i++) {
			String path = JsonValues.element(field, i);
			Map<String, Object> tool = JsonValues.object(tools.get(i), path);
			String type = JsonValues.requiredString(tool, "type", path);
			switch (type) {
				case AGENT_TOOLSET -> {
					if (toolsetSeen) {
						throw ApiException
							.invalidRequest(field + " may contain at most one " + AGENT_TOOLSET + " entry");
					}
					toolsetSeen = true;
					resolved.add(resolveAgentToolset(tool, path));
					toolCount += BUILT_IN_TOOLS.size();
				}
				case MCP_TOOLSET -> {
					Map<String, Object> toolset = resolveMcpToolset(tool, path);
					resolved.add(toolset);
					toolCount += Math.max(1, ((List<?>) toolset.get("configs")).size());
				}
				case CUSTOM -> {
					resolved.add(resolveCustomTool(tool, path));
					toolCount++;
				}
				default -> throw ApiException.invalidRequest(JsonValues.field(path, "type") + " must be one of "
						+ AGENT_TOOLSET + ", " + MCP_TOOLSET + ", " + CUSTOM + "; got '" + type + "'");
			}
		}
		if (toolCount > MAX_TOOLS) {
			throw ApiException.invalidRequest(field + " may define at most " + MAX_TOOLS
					+ " tools across all toolsets (the built-in toolset counts as " + BUILT_IN_TOOLS.size()
					+ "); this request defines " + toolCount);
		}
		return resolved;
	}

	/**
	 * Refuses an {@code mcp_toolset} whose {@code mcp_server_name} names no entry of
	 * {@code mcp_servers}.
	 */
	static void requireKnownMcpServers(List<Object> resolvedTools, List<Object> mcpServers, String field) {
		Set<Object> names = new HashSet<>();
		for (Object server : mcpServers) {
			names.add(((Map<?, ?>) server).get("name"));
		}
		for (int i = 0; i < resolvedTools.size(); i++) {
			Map<?, ?> tool = (Map<?, ?>) resolvedTools.get(i);
			if (MCP_TOOLSET.equals(tool.get("type")) && !names.contains(tool.get("mcp_server_name"))) {
				throw ApiException.invalidRequest(JsonValues.field(JsonValues.element(field, i), "mcp_server_name")
						+ " '" + tool.get("mcp_server_name") + "' names no entry of mcp_servers");
			}
		}
	}

	private static Map<String, Object> resolveAgentToolset(Map<String, Object> toolset, String path) {
		Map<String, Object> defaults = resolveDefaultConfig(toolset.get("default_config"),
				JsonValues.field(path, "default_config"), "always_allow");
		String configsField = JsonValues.field(path, "configs");
		Map<String, Map<String, Object>> given = new LinkedHashMap<>();
		if (toolset.get("configs") != null) {
			List<Object> configs = JsonValues.array(toolset.get("configs"), configsField);
			for (int i = 0; i < configs.size(); i++) {
				String configPath = JsonValues.element(configsField, i);
				Map<String, Object> config = JsonValues.object(configs.get(i), configPath);
				String name = JsonValues.requiredString(config, "name", configPath);
				if (!BUILT_IN_TOOLS.contains(name)) {
					throw ApiException.invalidRequest(JsonValues.field(configPath, "name") + " must be one of "
							+ String.join(", ", BUILT_IN_TOOLS) + "; got '" + name + "'");
				}
				if (config.get("type") != null && !name.equals(config.get("type"))) {
					throw ApiException.invalidRequest(
							JsonValues.field(configPath, "type") + " must be '" + name + "', the tool's name");
				}
				if (given.put(name, config) != null) {
					throw ApiException.invalidRequest(configsField + " configures '" + name + "' more than once");
				}
			}
		}
		List<Object> configs = new ArrayList<>(BUILT_IN_TOOLS.size());
		for (String name : BUILT_IN_TOOLS) {
			Map<String, Object> config = given.getOrDefault(name, Map.of());
			String configPath = configsField + "[" + name + "]";
			Map<String, Object> resolved = new LinkedHashMap<>();
			resolved.put("name", name);
			resolved.put("type", name);
			configs.add(resolveToolConfig(config, defaults, configPath, resolved));
		}
		Map<String, Object> resolved = new LinkedHashMap<>();
		resolved.put("type", AGENT_TOOLSET);
		resolved.put("default_config", defaults);
		resolved.put("configs", configs);
		JsonValues.copyOthers(toolset, TOOLSET_FIELDS, resolved, path);
		return resolved;
	}

	private static Map<String, Object> resolveMcpToolset(Map<String, Object> toolset, String path) {
		String serverName = JsonValues.requiredString(toolset, "mcp_server_name", path);
		// MCP tools ask before they run unless configured otherwise, as in the API.
		Map<String, Object> defaults = resolveDefaultConfig(toolset.get("default_config"),
				JsonValues.field(path, "default_config"), "always_ask");
		String configsField = JsonValues.field(path, "configs");
		List<Object> configs = new ArrayList<>();
		if (toolset.get("configs") != null) {
			List<Object> given = JsonValues.array(toolset.get("configs"), configsField);
			Set<String> names = new HashSet<>();
			for (int i = 0; i < given.size(); i++) {
				String configPath = JsonValues.element(configsField, i);
				Map<String, Object> config = JsonValues.object(given.get(i), configPath);
				String name = JsonValues.requiredString(config, "name", configPath);
				if (!names.add(name)) {
					throw ApiException.invalidRequest(configsField + " configures '" + name + "' more than once");
				}
				Map<String, Object> resolved = new LinkedHashMap<>();
				resolved.put("name", name);
				configs.add(resolveToolConfig(config, defaults, configPath, resolved));
			}
		}
		Map<String, Object> resolved = new LinkedHashMap<>();
		resolved.put("type", MCP_TOOLSET);
		resolved.put("mcp_server_name", serverName);
		resolved.put("default_config", defaults);
		resolved.put("configs", configs);
		JsonValues.copyOthers(toolset, MCP_TOOLSET_FIELDS, resolved, path);
		return resolved;
	}

	/**
	 * Completes one tool's config: {@code enabled} and {@code permission_policy} as
	 * given, else from the toolset's defaults, and any other field kept.
	 */
	private static Map<String, Object> resolveToolConfig(Map<String, Object> config, Map<String, Object> defaults,
			String configPath, Map<String, Object> resolved) {
		resolved.put("enabled",
				(config.get("enabled") != null)
						? JsonValues.bool(config.get("enabled"), JsonValues.field(configPath, "enabled"))
						: defaults.get("enabled"));
		resolved.put("permission_policy",
				(config.get("permission_policy") != null)
						? permissionPolicy(config.get("permission_policy"),
								JsonValues.field(configPath, "permission_policy"))
						: JsonValues.copy(defaults.get("permission_policy")));
		JsonValues.copyOthers(config, TOOL_CONFIG_FIELDS, resolved, configPath);
		return resolved;
	}

	private static Map<String, Object> resolveCustomTool(Map<String, Object> tool, String path) {
		Map<String, Object> resolved = new LinkedHashMap<>();
		resolved.put("type", CUSTOM);
		resolved.put("name", JsonValues.requiredString(tool, "name", path));
		resolved.put("description", JsonValues.requiredString(tool, "description", path));
		String schemaField = JsonValues.field(path, "input_schema");
		if (tool.get("input_schema") == null) {
			throw ApiException.invalidRequest(schemaField + " is required");
		}
		Map<String, Object> schema = JsonValues.object(tool.get("input_schema"), schemaField);
		Map<String, Object> resolvedSchema = new LinkedHashMap<>();
		Object schemaType = schema.getOrDefault("type", "object");
		if (!"object".equals(schemaType)) {
			throw ApiException.invalidRequest(JsonValues.field(schemaField, "type") + " must be 'object'");
		}
		resolvedSchema.put("type", "object");
		JsonValues.copyOthers(schema, Set.of("type"), resolvedSchema, schemaField);
		resolved.put("input_schema", resolvedSchema);
		JsonValues.copyOthers(tool, CUSTOM_TOOL_FIELDS, resolved, path);
		return resolved;
	}

	private static Map<String, Object> resolveDefaultConfig(Object value, String field, String defaultPolicy) {
		Map<String, Object> given = (value != null) ? JsonValues.object(value, field) : Map.of();
		Map<String, Object> resolved = new LinkedHashMap<>();
		resolved.put("enabled", (given.get("enabled") != null)
				? JsonValues.bool(given.get("enabled"), JsonValues.field(field, "enabled")) : true);
		resolved.put("permission_policy",
				(given.get("permission_policy") != null)
						? permissionPolicy(given.get("permission_policy"), JsonValues.field(field, "permission_policy"))
						: new LinkedHashMap<>(Map.of("type", defaultPolicy)));
		JsonValues.copyOthers(given, DEFAULT_CONFIG_FIELDS, resolved, field);
		return resolved;
	}

	private static Map<String, Object> permissionPolicy(Object value, String field) {
		Map<String, Object> policy = JsonValues.object(value, field);
		String type = JsonValues.requiredString(policy, "type", field);
		if (!PERMISSION_POLICIES.contains(type)) {
			throw ApiException.invalidRequest(
					JsonValues.field(field, "type") + " must be always_allow, always_ask or auto; got '" + type + "'");
		}
		Map<String, Object> resolved = new LinkedHashMap<>();
		resolved.put("type", type);
		JsonValues.copyOthers(policy, Set.of("type"), resolved, field);
		return resolved;
	}

}
