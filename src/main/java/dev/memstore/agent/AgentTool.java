package dev.memstore.agent;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * An entry of an agent's {@code tools}, resolved: a record per kind, named on the wire by
 * its {@code type}, which is written first and read to pick the record. Toolsets list
 * their tools' settings in full (see {@link AgentTools}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonPropertyOrder({ "type" })
@JsonSubTypes({ @JsonSubTypes.Type(AgentTool.AgentToolset.class), @JsonSubTypes.Type(AgentTool.McpToolset.class),
		@JsonSubTypes.Type(AgentTool.CustomTool.class) })
public sealed interface AgentTool {

	/**
	 * The tool's {@code type} on the wire. It is a property of every record rather than
	 * an id Jackson adds, so that a tool is written whole in any list.
	 */
	@JsonProperty("type")
	default String type() {
		return getClass().getAnnotation(JsonTypeName.class).value();
	}

	/**
	 * The built-in toolset: every tool of {@link AgentTools#BUILT_IN_TOOLS} in its
	 * {@code configs}, in that order.
	 */
	@JsonTypeName(AgentTools.AGENT_TOOLSET)
	record AgentToolset(DefaultConfig defaultConfig, List<ToolConfig> configs,
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements AgentTool {

		public AgentToolset {
			configs = List.copyOf(configs);
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * The tools of one of the agent's {@code mcp_servers}; only the tools configured are
	 * listed.
	 */
	@JsonTypeName(AgentTools.MCP_TOOLSET)
	record McpToolset(String mcpServerName, DefaultConfig defaultConfig, List<ToolConfig> configs,
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements AgentTool {

		public McpToolset {
			configs = List.copyOf(configs);
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * A tool the client runs: the agent asks for it with {@code agent.custom_tool_use}.
	 *
	 * @param inputSchema a JSON Schema, free-form but for its {@code type}, always
	 * {@code object} and written first
	 */
	@JsonTypeName(AgentTools.CUSTOM)
	record CustomTool(String name, String description, Map<String, Object> inputSchema,
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements AgentTool {

		public CustomTool {
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * What a toolset's tools get unless their own config says otherwise.
	 */
	record DefaultConfig(boolean enabled, PermissionPolicy permissionPolicy,
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

		public DefaultConfig {
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * One tool's settings, its defaults filled in from the toolset's.
	 *
	 * @param type for a built-in tool, its name again; an MCP tool has none
	 */
	record ToolConfig(String name, @JsonInclude(JsonInclude.Include.NON_NULL) String type, boolean enabled,
			PermissionPolicy permissionPolicy, @JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

		public ToolConfig {
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * Whether a tool runs at once or asks first.
	 *
	 * @param type {@code always_allow}, {@code always_ask} or {@code auto}
	 */
	record PermissionPolicy(String type, @JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

		public PermissionPolicy {
			otherFields = OtherFields.of(otherFields);
		}

		public static final String ALWAYS_ALLOW = "always_allow";

		public static final String ALWAYS_ASK = "always_ask";

		public static final String AUTO = "auto";

		static PermissionPolicy of(String type) {
			return new PermissionPolicy(type, Map.of());
		}

	}

}
