package dev.memstore.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.memstore.agent.AgentTool.AgentToolset;
import dev.memstore.agent.AgentTool.CustomTool;
import dev.memstore.agent.AgentTool.DefaultConfig;
import dev.memstore.agent.AgentTool.McpToolset;
import dev.memstore.agent.AgentTool.PermissionPolicy;
import dev.memstore.agent.AgentTool.ToolConfig;
import dev.memstore.kernel.ApiException;

/**
 * The {@code tools} of an agent: how each kind of entry is validated and resolved into an
 * {@link AgentTool}, and which built-in tools a resolved list enables.
 * <p>
 * The built-in toolset comes back with every one of its tools spelled out, each with the
 * {@code enabled} flag and {@code permission_policy} it inherits from
 * {@code default_config} unless the caller set its own; resolving an already resolved
 * list gives the same list.
 */
final class AgentTools {

	static final String AGENT_TOOLSET = "agent_toolset_20260401";

	static final String MCP_TOOLSET = "mcp_toolset";

	static final String CUSTOM = "custom";

	/**
	 * The tools of {@value #AGENT_TOOLSET}, in the order the API lists them.
	 */
	static final List<String> BUILT_IN_TOOLS = List.of("bash", "edit", "read", "write", "glob", "grep", "web_fetch",
			"web_search");

	static final int MAX_TOOLS = 256;

	/**
	 * The SDKs' rule for a custom tool's name: 1 to 128 letters, digits, underscores or
	 * hyphens.
	 */
	private static final Pattern CUSTOM_TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

	private static final String CUSTOM_TOOL_NAME_RULE = "1 to 128 letters, digits, underscores or hyphens (^"
			+ CUSTOM_TOOL_NAME.pattern() + "$)";

	private static final Set<String> PERMISSION_POLICIES = Set.of(PermissionPolicy.ALWAYS_ALLOW,
			PermissionPolicy.ALWAYS_ASK, PermissionPolicy.AUTO);

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
	 * resolved {@code tools} enable through their {@value #AGENT_TOOLSET} entry.
	 * @param tools the {@code tools} of an agent or session snapshot; {@code null} is
	 * none
	 * @return the enabled tools in the API's order; empty when there is no toolset
	 */
	static Set<String> enabledBuiltInTools(List<AgentTool> tools) {
		Set<String> enabled = new LinkedHashSet<>();
		if (tools == null) {
			return enabled;
		}
		for (AgentTool tool : tools) {
			if (tool instanceof AgentToolset toolset) {
				Map<String, Boolean> enabledByName = new LinkedHashMap<>();
				toolset.configs().forEach((config) -> enabledByName.put(config.name(), config.enabled()));
				for (String name : BUILT_IN_TOOLS) {
					if (enabledByName.getOrDefault(name, toolset.defaultConfig().enabled())) {
						enabled.add(name);
					}
				}
			}
		}
		return enabled;
	}

	/**
	 * The permission policy ({@code always_allow}, {@code always_ask} or {@code auto}) of
	 * a built-in tool: its own config's, else its toolset's default, else
	 * {@code always_allow} as the API resolves it.
	 */
	static String permissionPolicy(List<AgentTool> tools, String name) {
		if (tools != null) {
			for (AgentTool tool : tools) {
				if (tool instanceof AgentToolset toolset) {
					for (ToolConfig config : toolset.configs()) {
						if (config.name().equals(name) && config.permissionPolicy() != null) {
							return config.permissionPolicy().type();
						}
					}
					if (toolset.defaultConfig().permissionPolicy() != null) {
						return toolset.defaultConfig().permissionPolicy().type();
					}
				}
			}
		}
		return PermissionPolicy.ALWAYS_ALLOW;
	}

	/**
	 * Validates a {@code tools} array and returns it resolved. References from
	 * {@code mcp_toolset} entries to {@code mcp_servers} are checked separately, by
	 * {@link #requireKnownMcpServers}, once both arrays are final.
	 * @param field the name of the array in error messages, such as {@code tools}
	 */
	static List<AgentTool> resolve(Object value, String field) {
		if (value == null) {
			return List.of();
		}
		List<Object> tools = JsonValues.array(value, field);
		List<AgentTool> resolved = new ArrayList<>(tools.size());
		int toolCount = 0;
		boolean toolsetSeen = false;
		String toolsetPath = null;
		// Each custom tool's name, with the path of the entry that first used it.
		Map<String, String> customNames = new LinkedHashMap<>();
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
					toolsetPath = path;
					resolved.add(resolveAgentToolset(tool, path));
					toolCount += BUILT_IN_TOOLS.size();
				}
				case MCP_TOOLSET -> {
					McpToolset toolset = resolveMcpToolset(tool, path);
					resolved.add(toolset);
					toolCount += Math.max(1, toolset.configs().size());
				}
				case CUSTOM -> {
					CustomTool custom = resolveCustomTool(tool, path);
					String first = customNames.putIfAbsent(custom.name(), path);
					if (first != null) {
						throw ApiException.invalidRequest(JsonValues.field(path, "name") + " '" + custom.name()
								+ "' is already the name of " + first + "; custom tool names must be unique");
					}
					resolved.add(custom);
					toolCount++;
				}
				default -> throw ApiException.invalidRequest(JsonValues.field(path, "type") + " must be one of "
						+ AGENT_TOOLSET + ", " + MCP_TOOLSET + ", " + CUSTOM + "; got '" + type + "'");
			}
		}
		if (toolsetPath != null) {
			requireNoBuiltInNames(customNames, toolsetPath);
		}
		if (toolCount > MAX_TOOLS) {
			throw ApiException.invalidRequest(field + " may define at most " + MAX_TOOLS
					+ " tools across all toolsets (the built-in toolset counts as " + BUILT_IN_TOOLS.size()
					+ "); this request defines " + toolCount);
		}
		return resolved;
	}

	/**
	 * Refuses a custom tool named like a built-in tool beside the {@value #AGENT_TOOLSET}
	 * entry, enabled or not: the model could not tell the two apart.
	 */
	private static void requireNoBuiltInNames(Map<String, String> customNames, String toolsetPath) {
		for (Map.Entry<String, String> custom : customNames.entrySet()) {
			if (BUILT_IN_TOOLS.contains(custom.getKey())) {
				throw ApiException.invalidRequest(JsonValues.field(custom.getValue(), "name") + " '" + custom.getKey()
						+ "' is the name of a built-in tool of " + toolsetPath + " (" + AGENT_TOOLSET
						+ "); a custom tool beside that toolset needs another name");
			}
		}
	}

	/**
	 * Refuses an {@code mcp_toolset} whose {@code mcp_server_name} names no entry of
	 * {@code mcp_servers}.
	 */
	static void requireKnownMcpServers(List<AgentTool> tools, List<McpServer> mcpServers, String field) {
		Set<String> names = new HashSet<>();
		mcpServers.forEach((server) -> names.add(server.name()));
		for (int i = 0; i < tools.size(); i++) {
			if (tools.get(i) instanceof McpToolset toolset && !names.contains(toolset.mcpServerName())) {
				throw ApiException.invalidRequest(JsonValues.field(JsonValues.element(field, i), "mcp_server_name")
						+ " '" + toolset.mcpServerName() + "' names no entry of mcp_servers");
			}
		}
	}

	private static AgentToolset resolveAgentToolset(Map<String, Object> toolset, String path) {
		DefaultConfig defaults = resolveDefaultConfig(toolset.get("default_config"),
				JsonValues.field(path, "default_config"), PermissionPolicy.ALWAYS_ALLOW);
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
		List<ToolConfig> configs = new ArrayList<>(BUILT_IN_TOOLS.size());
		for (String name : BUILT_IN_TOOLS) {
			configs.add(resolveToolConfig(name, name, given.getOrDefault(name, Map.of()), defaults,
					configsField + "[" + name + "]"));
		}
		return new AgentToolset(defaults, configs, JsonValues.others(toolset, TOOLSET_FIELDS, path));
	}

	private static McpToolset resolveMcpToolset(Map<String, Object> toolset, String path) {
		String serverName = JsonValues.requiredString(toolset, "mcp_server_name", path);
		// MCP tools ask before they run unless configured otherwise, as in the API.
		DefaultConfig defaults = resolveDefaultConfig(toolset.get("default_config"),
				JsonValues.field(path, "default_config"), PermissionPolicy.ALWAYS_ASK);
		String configsField = JsonValues.field(path, "configs");
		List<ToolConfig> configs = new ArrayList<>();
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
				configs.add(resolveToolConfig(name, null, config, defaults, configPath));
			}
		}
		return new McpToolset(serverName, defaults, configs, JsonValues.others(toolset, MCP_TOOLSET_FIELDS, path));
	}

	/**
	 * Completes one tool's config: {@code enabled} and {@code permission_policy} as
	 * given, else from the toolset's defaults, and any other field kept.
	 * @param type the built-in tool's name, or {@code null} for an MCP tool
	 */
	private static ToolConfig resolveToolConfig(String name, String type, Map<String, Object> config,
			DefaultConfig defaults, String configPath) {
		boolean enabled = (config.get("enabled") != null)
				? JsonValues.bool(config.get("enabled"), JsonValues.field(configPath, "enabled")) : defaults.enabled();
		PermissionPolicy policy = (config.get("permission_policy") != null)
				? permissionPolicy(config.get("permission_policy"), JsonValues.field(configPath, "permission_policy"))
				: defaults.permissionPolicy();
		return new ToolConfig(name, type, enabled, policy, JsonValues.others(config, TOOL_CONFIG_FIELDS, configPath));
	}

	private static CustomTool resolveCustomTool(Map<String, Object> tool, String path) {
		String name = customToolName(tool.get("name"), JsonValues.field(path, "name"));
		String description = JsonValues.requiredString(tool, "description", path);
		String schemaField = JsonValues.field(path, "input_schema");
		if (tool.get("input_schema") == null) {
			throw ApiException.invalidRequest(schemaField + " is required");
		}
		Map<String, Object> schema = JsonValues.object(tool.get("input_schema"), schemaField);
		Object schemaType = schema.getOrDefault("type", "object");
		if (!"object".equals(schemaType)) {
			throw ApiException.invalidRequest(JsonValues.field(schemaField, "type") + " must be 'object'");
		}
		Map<String, Object> resolvedSchema = new LinkedHashMap<>();
		resolvedSchema.put("type", "object");
		resolvedSchema.putAll(JsonValues.others(schema, Set.of("type"), schemaField));
		return new CustomTool(name, description, resolvedSchema, JsonValues.others(tool, CUSTOM_TOOL_FIELDS, path));
	}

	private static String customToolName(Object value, String field) {
		if (value == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		String name = JsonValues.string(value, field);
		if (!CUSTOM_TOOL_NAME.matcher(name).matches()) {
			String got = (name.length() > 128) ? name.length() + " characters" : "'" + name + "'";
			throw ApiException.invalidRequest(field + " must be " + CUSTOM_TOOL_NAME_RULE + "; got " + got);
		}
		return name;
	}

	private static DefaultConfig resolveDefaultConfig(Object value, String field, String defaultPolicy) {
		Map<String, Object> given = (value != null) ? JsonValues.object(value, field) : Map.of();
		boolean enabled = (given.get("enabled") != null)
				? JsonValues.bool(given.get("enabled"), JsonValues.field(field, "enabled")) : true;
		PermissionPolicy policy = (given.get("permission_policy") != null)
				? permissionPolicy(given.get("permission_policy"), JsonValues.field(field, "permission_policy"))
				: PermissionPolicy.of(defaultPolicy);
		return new DefaultConfig(enabled, policy, JsonValues.others(given, DEFAULT_CONFIG_FIELDS, field));
	}

	private static PermissionPolicy permissionPolicy(Object value, String field) {
		Map<String, Object> policy = JsonValues.object(value, field);
		String type = JsonValues.requiredString(policy, "type", field);
		if (!PERMISSION_POLICIES.contains(type)) {
			throw ApiException.invalidRequest(
					JsonValues.field(field, "type") + " must be always_allow, always_ask or auto; got '" + type + "'");
		}
		return new PermissionPolicy(type, JsonValues.others(policy, Set.of("type"), field));
	}

}
