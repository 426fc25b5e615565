package dev.memstore.agent;

import java.util.List;
import java.util.Map;

import dev.memstore.kernel.ApiException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How a {@code tools} array is resolved, and which built-in tools it enables.
 */
@Tag("fast")
class AgentToolsTest {

	private static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	/**
	 * Resolved tools as the API writes them.
	 */
	private static List<?> wire(List<AgentTool> tools) {
		return JSON.convertValue(tools, List.class);
	}

	@Test
	void perToolSettingsInheritWhatTheyDoNotSetFromTheDefaultConfig() {
		List<?> resolved = wire(
				AgentTools.resolve(
						List.of(Map.of("type", "agent_toolset_20260401", "default_config",
								Map.of("permission_policy", Map.of("type", "auto")), "configs",
								List.of(Map.of("name", "web_search", "enabled", false),
										Map.of("name", "bash", "permission_policy", Map.of("type", "always_ask"))))),
						"tools"));

		List<?> configs = (List<?>) ((Map<?, ?>) resolved.get(0)).get("configs");
		assertThat(configs).hasSize(8);
		assertThat(configs.get(0)).isEqualTo(Map.of("name", "bash", "type", "bash", "enabled", true,
				"permission_policy", Map.of("type", "always_ask")));
		assertThat(configs.get(1)).isEqualTo(
				Map.of("name", "edit", "type", "edit", "enabled", true, "permission_policy", Map.of("type", "auto")));
		assertThat(configs.get(7)).isEqualTo(Map.of("name", "web_search", "type", "web_search", "enabled", false,
				"permission_policy", Map.of("type", "auto")));
	}

	@Test
	void resolvingAResolvedListChangesNothing() {
		List<AgentTool> once = AgentTools.resolve(List.of(Map.of("type", "agent_toolset_20260401", "configs",
				List.of(Map.of("name", "grep", "enabled", false, "x_note", "kept")))), "tools");

		assertThat(AgentTools.resolve(wire(once), "tools")).isEqualTo(once);
	}

	@Test
	void enabledBuiltInToolsFollowTheDefaultAndTheExceptions() {
		List<AgentTool> readOnly = AgentTools.resolve(
				List.of(Map.of("type", "agent_toolset_20260401", "default_config", Map.of("enabled", false), "configs",
						List.of(Map.of("name", "read", "enabled", true), Map.of("name", "glob", "enabled", true)))),
				"tools");

		assertThat(AgentTools.enabledBuiltInTools(readOnly)).containsExactly("read", "glob");
		assertThat(AgentTools.enabledBuiltInTools(List.of())).isEmpty();
		assertThat(AgentTools.enabledBuiltInTools(null)).isEmpty();
		assertThat(AgentTools
			.enabledBuiltInTools(AgentTools.resolve(List.of(Map.of("type", "agent_toolset_20260401")), "tools")))
			.hasSize(8);
	}

	@Test
	void aToolConfiguredTwiceOrAToolsetGivenTwiceIsRefused() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> AgentTools.resolve(List.of(Map.of("type", "agent_toolset_20260401", "configs",
					List.of(Map.of("name", "bash"), Map.of("name", "bash")))), "tools"))
			.withMessageContaining("more than once");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> AgentTools.resolve(
				List.of(Map.of("type", "agent_toolset_20260401"), Map.of("type", "agent_toolset_20260401")), "tools"))
			.withMessageContaining("at most one");
	}

	@Test
	void anUnknownPermissionPolicyIsRefused() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> AgentTools.resolve(List.of(Map.of("type", "agent_toolset_20260401", "default_config",
					Map.of("permission_policy", Map.of("type", "sometimes")))), "agent.tools"))
			.withMessageContaining("agent.tools[0].default_config.permission_policy.type");
	}

}
