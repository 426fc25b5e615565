package dev.memstore.agent;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The agent a session runs, as the session's {@code agent} field shows it and as the
 * session stores it: the resolved version, with the session's overrides and later tool
 * updates applied. A stored snapshot that lacks a field reads as the agent would have
 * without it (empty arrays, the {@code service_account} identity).
 *
 * @param system the system prompt, or {@code null}
 * @param multiagent kept and echoed as the agent has it
 */
@JsonPropertyOrder({ "id", "type" })
@JsonIgnoreProperties(value = "type", allowGetters = true)
public record SessionAgent(String id, int version, String name, String description, String system, AgentModel model,
		List<AgentTool> tools, List<McpServer> mcpServers, List<Skill> skills, Map<String, Object> multiagent,
		ExecutionIdentity executionIdentity) {

	public SessionAgent {
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		mcpServers = (mcpServers != null) ? List.copyOf(mcpServers) : List.of();
		skills = (skills != null) ? List.copyOf(skills) : List.of();
		executionIdentity = (executionIdentity != null) ? executionIdentity : ExecutionIdentity.SERVICE_ACCOUNT;
	}

	/**
	 * An agent memstore runs itself (a dream's consolidation agent): version 1, with the
	 * file tools of the built-in toolset, allowed without asking, and no web tools.
	 */
	public static SessionAgent builtIn(String id, String name, String description, String system, String modelId) {
		List<AgentTool> tools = AgentTools.resolve(List.of(Map.of("type", AgentTools.AGENT_TOOLSET, "default_config",
				Map.of("enabled", true, "permission_policy", Map.of("type", AgentTool.PermissionPolicy.ALWAYS_ALLOW)),
				"configs", List.of(Map.of("name", "web_fetch", "enabled", false),
						Map.of("name", "web_search", "enabled", false)))),
				"tools");
		return new SessionAgent(id, 1, name, description, system, AgentModel.of(modelId), tools, List.of(), List.of(),
				null, null);
	}

	@JsonProperty("type")
	public String type() {
		return Agent.TYPE;
	}

	/**
	 * The built-in tools the agent may use (see {@link AgentTools#enabledBuiltInTools}).
	 */
	@JsonIgnore
	public Set<String> enabledBuiltInTools() {
		return AgentTools.enabledBuiltInTools(this.tools);
	}

	/**
	 * The permission policy of a built-in tool: {@code always_allow}, {@code always_ask}
	 * or {@code auto}.
	 */
	public String permissionPolicy(String builtInTool) {
		return AgentTools.permissionPolicy(this.tools, builtInTool);
	}

	/**
	 * The agent's custom tools, which the application runs.
	 */
	@JsonIgnore
	public List<AgentTool.CustomTool> customTools() {
		return this.tools.stream()
			.filter(AgentTool.CustomTool.class::isInstance)
			.map(AgentTool.CustomTool.class::cast)
			.toList();
	}

	SessionAgent with(AgentModel model, String system, List<AgentTool> tools, List<McpServer> mcpServers,
			List<Skill> skills) {
		return new SessionAgent(this.id, this.version, this.name, this.description, system, model, tools, mcpServers,
				skills, this.multiagent, this.executionIdentity);
	}

}
