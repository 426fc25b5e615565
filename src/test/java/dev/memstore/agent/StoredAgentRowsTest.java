package dev.memstore.agent;

import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.agents.AgentListParams;
import com.anthropic.models.beta.agents.AgentRetrieveParams;
import com.anthropic.models.beta.agents.AgentUpdateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgent;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolConfig;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomTool;
import com.anthropic.models.beta.agents.BetaManagedAgentsMcpToolset;
import com.anthropic.models.beta.environments.BetaCloudConfig;
import com.anthropic.models.beta.environments.BetaEnvironment;
import com.anthropic.models.beta.environments.BetaLimitedNetwork;
import com.anthropic.models.beta.environments.EnvironmentUpdateParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import dev.memstore.kernel.Ids;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows of {@code agents}, {@code agent_versions} and {@code environments} written as the
 * code before the typed records wrote them (configurations as JSON objects, with fields
 * memstore does not interpret at every level), and rows from before any optional field
 * existed, read back through the API by the official SDK.
 */
@MemstoreIntegrationTest
class StoredAgentRowsTest {

	/**
	 * A version 2 as the map-based code stored it: every field, the toolset resolved with
	 * one tool changed, an MCP toolset, a custom tool, and unknown fields kept at every
	 * level.
	 */
	static final String FULL_CONFIG = """
			{"name": "Old agent", "description": "written before the records", "system": "Be brief.",
			 "model": {"id": "claude-opus-4-8", "effort": {"type": "high"}, "speed": "fast", "inference_geo": "us",
			           "x_model_note": "kept"},
			 "tools": [
			   {"type": "agent_toolset_20260401",
			    "default_config": {"enabled": true, "permission_policy": {"type": "always_allow"}},
			    "configs": [
			      {"name": "bash", "type": "bash", "enabled": false, "permission_policy": {"type": "always_ask"},
			       "x_why": "no shell"},
			      {"name": "edit", "type": "edit", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "read", "type": "read", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "write", "type": "write", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "glob", "type": "glob", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "grep", "type": "grep", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "web_fetch", "type": "web_fetch", "enabled": true,
			       "permission_policy": {"type": "always_allow"}},
			      {"name": "web_search", "type": "web_search", "enabled": true,
			       "permission_policy": {"type": "always_allow"}}],
			    "x_toolset_note": "kept"},
			   {"type": "mcp_toolset", "mcp_server_name": "github",
			    "default_config": {"enabled": true, "permission_policy": {"type": "always_ask"}},
			    "configs": [{"name": "create_issue", "enabled": true, "permission_policy": {"type": "always_allow"}}]},
			   {"type": "custom", "name": "lookup", "description": "Looks a word up",
			    "input_schema": {"type": "object", "properties": {"word": {"type": "string"}}, "required": ["word"]}}],
			 "mcp_servers": [{"type": "url", "name": "github", "url": "https://mcp.example.com/github"}],
			 "skills": [{"type": "anthropic", "skill_id": "xlsx", "version": "latest"}],
			 "metadata": {"team": "growth"},
			 "multiagent": null,
			 "execution_identity": {"type": "service_account"},
			 "x_team": {"lead": "maya", "size": 3}}""";

	/**
	 * A version 1 from before any optional field existed: no description, system,
	 * mcp_servers, skills, multiagent or execution_identity.
	 */
	static final String MINIMAL_CONFIG = """
			{"name": "Old agent", "model": {"id": "claude-haiku-4-5"}, "tools": [], "metadata": {}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	TestWorkspaces.Workspace workspace;

	AnthropicClient client;

	String agentId;

	@BeforeEach
	void anAgentStoredByTheOldCode() {
		this.workspace = TestWorkspaces.create(this.port);
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.agentId = Ids.next(AgentService.ID_PREFIX);
		this.jdbc.sql("""
				insert into agents (id, workspace_id, version, config, created_at, updated_at)
				values (:id, :workspace, 2, cast(:config as jsonb), now() - interval '1 hour', now())""")
			.param("id", this.agentId)
			.param("workspace", this.workspace.id())
			.param("config", FULL_CONFIG)
			.update();
		insertVersion(1, MINIMAL_CONFIG, "now() - interval '1 hour'");
		insertVersion(2, FULL_CONFIG, "now()");
	}

	@Test
	void anAgentWrittenByTheOldCodeReadsBackWithEveryField() {
		BetaManagedAgentsAgent agent = this.client.beta().agents().retrieve(this.agentId).validate();

		assertThat(agent.version()).isEqualTo(2);
		assertThat(agent.name()).isEqualTo("Old agent");
		assertThat(agent.description()).contains("written before the records");
		assertThat(agent.system()).contains("Be brief.");
		assertThat(agent.model().id().asString()).isEqualTo("claude-opus-4-8");
		assertThat(agent.model().effort()).hasValueSatisfying((effort) -> assertThat(effort.isHigh()).isTrue());
		assertThat(agent.model().inferenceGeo()).contains("us");
		BetaManagedAgentsAgentToolset20260401 toolset = agent.tools().get(0).asAgentToolset20260401();
		List<BetaManagedAgentsAgentToolConfig> configs = toolset.configs();
		assertThat(configs).hasSize(8);
		assertThat(configs.get(0).asBash().enabled()).isFalse();
		assertThat(configs.get(0).asBash().permissionPolicy().isAlwaysAsk()).isTrue();
		assertThat(configs.subList(1, 8)).allSatisfy((config) -> assertThat(config.enabled()).isTrue());
		BetaManagedAgentsMcpToolset mcp = agent.tools().get(1).asMcpToolset();
		assertThat(mcp.mcpServerName()).isEqualTo("github");
		assertThat(mcp.configs()).singleElement()
			.satisfies((config) -> assertThat(config.permissionPolicy().isAlwaysAllow()).isTrue());
		BetaManagedAgentsCustomTool custom = agent.tools().get(2).asCustom();
		assertThat(custom.name()).isEqualTo("lookup");
		assertThat(custom.inputSchema().required()).hasValue(List.of("word"));
		assertThat(agent.mcpServers()).singleElement()
			.satisfies((server) -> assertThat(server.url()).isEqualTo("https://mcp.example.com/github"));
		assertThat(agent.skills()).singleElement()
			.satisfies((skill) -> assertThat(skill.asAnthropic().skillId()).isEqualTo("xlsx"));
		assertThat(agent.metadata()._additionalProperties()).containsOnly(Map.entry("team", JsonValue.from("growth")));
		assertThat(agent.multiagent()).isEmpty();
		assertThat(agent.executionIdentity().isServiceAccount()).isTrue();
		assertThat(agent._additionalProperties()).containsKey("x_team");
	}

	@Test
	void fieldsTheOldCodeKeptAtEveryLevelAreStillEchoed() {
		JsonNode agent = managedAgents("GET", "/v1/agents/" + this.agentId).send().json();

		assertThat(agent.path("model").path("x_model_note").asString()).isEqualTo("kept");
		assertThat(agent.path("tools").path(0).path("x_toolset_note").asString()).isEqualTo("kept");
		assertThat(agent.path("tools").path(0).path("configs").path(0).path("x_why").asString()).isEqualTo("no shell");
		assertThat(agent.path("x_team").path("size").asInt()).isEqualTo(3);
		// Every field the API lists is there, null where it is not set.
		assertThat(agent.has("multiagent")).isTrue();
		assertThat(agent.path("multiagent").isNull()).isTrue();
		assertThat(agent.path("tools").path(1).path("configs").path(0).has("type")).isFalse();
	}

	@Test
	void aVersionFromBeforeTheOptionalFieldsReadsAsIfTheyHadBeenLeftOut() {
		BetaManagedAgentsAgent first = this.client.beta()
			.agents()
			.retrieve(this.agentId, AgentRetrieveParams.builder().version(1).build())
			.validate();

		assertThat(first.version()).isEqualTo(1);
		assertThat(first.model().id().asString()).isEqualTo("claude-haiku-4-5");
		assertThat(first.description()).isEmpty();
		assertThat(first.system()).isEmpty();
		assertThat(first.tools()).isEmpty();
		assertThat(first.mcpServers()).isEmpty();
		assertThat(first.skills()).isEmpty();
		assertThat(first.multiagent()).isEmpty();
		assertThat(first.executionIdentity().isServiceAccount()).isTrue();
		assertThat(this.client.beta().agents().versions().list(this.agentId).data())
			.extracting((version) -> version.validate().version())
			.containsExactly(2, 1);
		assertThat(this.client.beta().agents().list(AgentListParams.builder().build()).data())
			.extracting((agent) -> agent.validate().id())
			.containsExactly(this.agentId);
	}

	@Test
	void anOldAgentUpdatesIntoANewVersionThatKeepsWhatItHad() {
		BetaManagedAgentsAgent unchanged = this.client.beta()
			.agents()
			.update(this.agentId, AgentUpdateParams.builder().name("Old agent").build());
		BetaManagedAgentsAgent updated = this.client.beta()
			.agents()
			.update(this.agentId, AgentUpdateParams.builder().description("rewritten").version(2).build());
		JsonNode raw = managedAgents("GET", "/v1/agents/" + this.agentId).send().json();

		assertThat(unchanged.version()).isEqualTo(2);
		assertThat(updated.version()).isEqualTo(3);
		assertThat(updated.description()).contains("rewritten");
		assertThat(updated.tools()).hasSize(3);
		assertThat(updated.tools().get(0).asAgentToolset20260401().configs().get(0).enabled()).isFalse();
		assertThat(updated._additionalProperties()).containsKey("x_team");
		assertThat(raw.path("tools").path(0).path("configs").path(0).path("x_why").asString()).isEqualTo("no shell");
		assertThat(raw.path("model").path("x_model_note").asString()).isEqualTo("kept");
	}

	@Test
	void aSessionStartsFromAnOldAgent() {
		String environmentId = insertEnvironment(
				"""
						{"type": "cloud", "networking": {"type": "unrestricted"},
						 "packages": {"apt": [], "cargo": [], "gem": [], "go": [], "npm": [], "pip": [], "type": "packages"}}""",
				"{}");

		BetaManagedAgentsSession session = this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(this.agentId).environmentId(environmentId).build())
			.validate();

		assertThat(session.agent().version()).isEqualTo(2);
		assertThat(session.agent().system()).contains("Be brief.");
		assertThat(session.agent().tools()).hasSize(3);
		assertThat(session.agent().mcpServers()).hasSize(1);
	}

	@Test
	void environmentsWrittenByTheOldCodeReadBack() {
		String limited = insertEnvironment("""
				{"type": "cloud",
				 "networking": {"type": "limited", "allowed_hosts": ["pypi.org"], "allow_mcp_servers": false,
				                "allow_package_managers": true, "x_net": 1},
				 "packages": {"apt": ["git"], "cargo": [], "gem": [], "go": [], "npm": [], "pip": ["requests"],
				              "type": "packages"},
				 "x_region": "eu"}""", """
				{"x_owner": {"name": "maya"}}""");
		String selfHosted = insertEnvironment("""
				{"type": "self_hosted", "x_pool": "basement"}""", "{}");
		String minimal = insertEnvironment("""
				{"type": "cloud"}""", "{}");

		BetaEnvironment first = this.client.beta().environments().retrieve(limited).validate();
		BetaLimitedNetwork networking = first.config().asCloud().networking().asLimited();
		assertThat(networking.allowedHosts()).containsExactly("pypi.org");
		assertThat(networking.allowPackageManagers()).isTrue();
		assertThat(first.config().asCloud().packages().apt()).containsExactly("git");
		assertThat(first.config().asCloud().packages().pip()).containsExactly("requests");
		assertThat(first._additionalProperties()).containsKey("x_owner");
		JsonNode raw = managedAgents("GET", "/v1/environments/" + limited).send().json();
		assertThat(raw.path("config").path("x_region").asString()).isEqualTo("eu");
		assertThat(raw.path("config").path("networking").path("x_net").asInt()).isEqualTo(1);

		assertThat(this.client.beta().environments().retrieve(selfHosted).validate().config().isSelfHosted()).isTrue();
		assertThat(managedAgents("GET", "/v1/environments/" + selfHosted).send()
			.json()
			.path("config")
			.path("x_pool")
			.asString()).isEqualTo("basement");

		BetaCloudConfig defaults = this.client.beta().environments().retrieve(minimal).validate().config().asCloud();
		assertThat(defaults.networking().isUnrestricted()).isTrue();
		assertThat(defaults.packages().npm()).isEmpty();

		BetaEnvironment renamed = this.client.beta()
			.environments()
			.update(limited, EnvironmentUpdateParams.builder().name("renamed").build())
			.validate();
		assertThat(renamed.config()).isEqualTo(first.config());
		assertThat(renamed._additionalProperties()).containsKey("x_owner");
	}

	private void insertVersion(int version, String config, String createdAt) {
		this.jdbc
			.sql("insert into agent_versions (agent_id, version, config, created_at)"
					+ " values (:id, :version, cast(:config as jsonb), " + createdAt + ")")
			.param("id", this.agentId)
			.param("version", version)
			.param("config", config)
			.update();
	}

	private String insertEnvironment(String config, String otherFields) {
		String id = Ids.next(EnvironmentService.ID_PREFIX);
		this.jdbc.sql("""
				insert into environments (id, workspace_id, name, description, config, metadata, scope, other_fields,
				                          created_at, updated_at)
				values (:id, :workspace, 'old', null, cast(:config as jsonb), '{}', null, cast(:others as jsonb),
				        now(), now())""")
			.param("id", id)
			.param("workspace", this.workspace.id())
			.param("config", config)
			.param("others", otherFields)
			.update();
		return id;
	}

	private RawApi.Request managedAgents(String method, String path) {
		return new RawApi(this.port).request(method, path)
			.header("x-api-key", this.workspace.apiKey())
			.header("anthropic-beta", TestKeys.MANAGED_AGENTS_BETA);
	}

}
