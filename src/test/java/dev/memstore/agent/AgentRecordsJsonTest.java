package dev.memstore.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records of agents and environments in JSON, with the application's settings
 * (snake_case, unknown properties ignored): what the map-based code stored reads into
 * them and is written back the same, byte for byte and in the same order, so responses
 * and stored rows keep their shape.
 */
@Tag("fast")
class AgentRecordsJsonTest {

	/**
	 * A session's agent as the map-based code stored it in {@code sessions.agent}.
	 */
	private static final String OLD_SESSION_AGENT = """
			{"id":"agent_01","type":"agent","version":1,"name":"Old agent","description":null,\
			"system":"Be brief.","model":{"id":"claude-opus-4-8","effort":{"type":"low"}},\
			"tools":[{"type":"agent_toolset_20260401",\
			"default_config":{"enabled":true,"permission_policy":{"type":"always_allow"}},\
			"configs":[\
			{"name":"bash","type":"bash","enabled":false,"permission_policy":{"type":"always_allow"}},\
			{"name":"edit","type":"edit","enabled":true,"permission_policy":{"type":"always_allow"}},\
			{"name":"read","type":"read","enabled":true,"permission_policy":{"type":"always_allow"}},\
			{"name":"write","type":"write","enabled":true,"permission_policy":{"type":"always_allow"}},\
			{"name":"glob","type":"glob","enabled":true,"permission_policy":{"type":"always_allow"}},\
			{"name":"grep","type":"grep","enabled":true,"permission_policy":{"type":"always_allow"}},\
			{"name":"web_fetch","type":"web_fetch","enabled":true,"permission_policy":{"type":"always_allow"}},\
			{"name":"web_search","type":"web_search","enabled":true,"permission_policy":{"type":"always_allow"}}],\
			"x_toolset_note":"kept"}],\
			"mcp_servers":[],"skills":[{"type":"anthropic","skill_id":"pdf","version":"latest"}],\
			"multiagent":null,"execution_identity":{"type":"service_account"}}""";

	private final JsonMapper mapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final StoredJson json = new StoredJson(this.mapper);

	@Test
	void anAgentConfigurationAsTheOldCodeStoredItIsWrittenBackUnchanged() {
		Map<String, Object> stored = stored(StoredAgentRowsTest.FULL_CONFIG);

		AgentConfig config = this.json.read(stored, AgentConfig.class);

		assertThat(config.tools()).hasExactlyElementsOfTypes(AgentTool.AgentToolset.class, AgentTool.McpToolset.class,
				AgentTool.CustomTool.class);
		assertThat(config.model().effort().type()).isEqualTo("high");
		assertThat(config.model().otherFields()).containsEntry("x_model_note", "kept");
		assertThat(config.otherFields()).containsOnlyKeys("x_team");
		assertThat(this.mapper.writeValueAsString(config)).isEqualTo(this.mapper.writeValueAsString(stored));
		assertThat(this.json.write(config)).isEqualTo(stored);
	}

	@Test
	void aConfigurationFromBeforeTheOptionalFieldsReadsAsIfTheyHadBeenLeftOut() {
		AgentConfig config = this.json.read(stored(StoredAgentRowsTest.MINIMAL_CONFIG), AgentConfig.class);

		assertThat(config).isEqualTo(AgentDefinition
			.forCreate(Map.of("name", "Old agent", "model", Map.of("id", "claude-haiku-4-5"), "tools", List.of())));
	}

	@Test
	void aConfigurationIsWrittenAsCreateResolvesIt() {
		AgentConfig created = AgentDefinition.forCreate(Map.of("name", "New", "model", "claude-opus-4-8", "tools",
				List.of(Map.of("type", "mcp_toolset", "mcp_server_name", "github", "configs",
						List.of(Map.of("name", "create_issue")))),
				"mcp_servers", List.of(Map.of("name", "github", "url", "https://mcp.example.com/github"))));

		assertThat(this.mapper.writeValueAsString(created)).isEqualTo("""
				{"name":"New","description":null,"system":null,"model":{"id":"claude-opus-4-8"},\
				"tools":[{"type":"mcp_toolset","mcp_server_name":"github",\
				"default_config":{"enabled":true,"permission_policy":{"type":"always_ask"}},\
				"configs":[{"name":"create_issue","enabled":true,"permission_policy":{"type":"always_ask"}}]}],\
				"mcp_servers":[{"type":"url","name":"github","url":"https://mcp.example.com/github"}],\
				"skills":[],"metadata":{},"multiagent":null,"execution_identity":{"type":"service_account"}}""");
		assertThat(this.json.read(this.json.write(created), AgentConfig.class)).isEqualTo(created);
	}

	@Test
	void aSessionAgentSnapshotAsTheOldCodeStoredItIsWrittenBackUnchanged() {
		Map<String, Object> stored = stored(OLD_SESSION_AGENT);

		SessionAgent agent = this.mapper.convertValue(stored, SessionAgent.class);

		assertThat(agent.enabledBuiltInTools()).containsExactly("edit", "read", "write", "glob", "grep", "web_fetch",
				"web_search");
		assertThat(this.mapper.writeValueAsString(agent)).isEqualTo(this.mapper.writeValueAsString(stored));
	}

	@Test
	void environmentConfigsAsTheOldCodeStoredThemAreWrittenBackUnchanged() {
		for (String config : List.of("""
				{"type":"cloud","networking":{"type":"limited","allowed_hosts":["pypi.org"],"allow_mcp_servers":false,
				 "allow_package_managers":true,"x_net":1},
				 "packages":{"apt":["git"],"cargo":[],"gem":[],"go":[],"npm":[],"pip":[],"type":"packages","x":2},
				 "x_region":"eu"}""", """
				{"type":"cloud","networking":{"type":"unrestricted"},
				 "packages":{"apt":[],"cargo":[],"gem":[],"go":[],"npm":[],"pip":[],"type":"packages"}}""", """
				{"type":"self_hosted","x_pool":"basement"}""")) {
			Map<String, Object> stored = stored(config);

			EnvironmentConfig read = this.json.read(stored, EnvironmentConfig.class);

			assertThat(this.mapper.writeValueAsString(read)).isEqualTo(this.mapper.writeValueAsString(stored));
			assertThat(read).isEqualTo(EnvironmentDefinition.config(stored));
		}
	}

	private Map<String, Object> stored(String json) {
		return this.mapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

}
