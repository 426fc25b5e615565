package dev.memstore.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the session module asks of agents and environments: the three forms of a session's
 * {@code agent}, overrides, later tool updates, and which environments may start a
 * session.
 */
@MemstoreIntegrationTest
class SessionAgentResolutionTest {

	@LocalServerPort
	int port;

	@Autowired
	AgentService agents;

	@Autowired
	EnvironmentService environments;

	@Autowired
	JsonMapper json;

	String workspaceId;

	@BeforeEach
	void newWorkspace() {
		this.workspaceId = TestWorkspaces.create(this.port).id();
	}

	@Test
	void anAgentIdResolvesToTheLatestVersion() {
		Agent agent = createAgent();
		this.agents.update(this.workspaceId, agent.id(), Map.of("system", "Be brief."));

		SessionAgent resolved = this.agents.resolveForSession(this.workspaceId, agent.id());

		assertThat(resolved.id()).isEqualTo(agent.id());
		assertThat(resolved.version()).isEqualTo(2);
		assertThat(resolved.model().id()).isEqualTo("claude-opus-4-8");
		assertThat(resolved.system()).isEqualTo("Be brief.");
		assertThat(wire(resolved)).containsOnlyKeys("id", "type", "version", "name", "description", "system", "model",
				"tools", "mcp_servers", "skills", "multiagent", "execution_identity");
		assertThat(wire(resolved)).containsEntry("type", "agent")
			.containsEntry("version", 2)
			.containsEntry("model", Map.of("id", "claude-opus-4-8"))
			.containsEntry("execution_identity", Map.of("type", "service_account"));
		assertThat(resolved.enabledBuiltInTools()).containsExactly("bash", "edit", "read", "write", "glob", "grep",
				"web_fetch", "web_search");
	}

	@Test
	void aReferenceWithAVersionPinsThatVersion() {
		Agent agent = createAgent();
		this.agents.update(this.workspaceId, agent.id(), Map.of("system", "Be brief."));

		SessionAgent resolved = this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent", "id", agent.id(), "version", 1));
		SessionAgent latest = this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent", "id", agent.id()));

		assertThat(resolved.version()).isEqualTo(1);
		assertThat(resolved.system()).isNull();
		assertThat(latest.version()).isEqualTo(2);
	}

	@Test
	void overridesChangeTheSessionsAgentButNotTheAgent() {
		Agent agent = createAgent();
		Map<String, Object> param = new LinkedHashMap<>();
		param.put("type", "agent_with_overrides");
		param.put("id", agent.id());
		param.put("model", Map.of("id", "claude-haiku-4-5", "effort", "low"));
		param.put("system", "Only read.");
		param.put("tools", List.of(Map.of("type", "agent_toolset_20260401", "default_config", Map.of("enabled", false),
				"configs", List.of(Map.of("name", "read", "enabled", true)))));
		param.put("skills", List.of(Map.of("type", "anthropic", "skill_id", "pdf")));

		SessionAgent resolved = this.agents.resolveForSession(this.workspaceId, param);

		assertThat(resolved.version()).isEqualTo(1);
		assertThat(resolved.model().id()).isEqualTo("claude-haiku-4-5");
		assertThat(wire(resolved).get("model"))
			.isEqualTo(Map.of("id", "claude-haiku-4-5", "effort", Map.of("type", "low")));
		assertThat(resolved.system()).isEqualTo("Only read.");
		assertThat(wire(resolved)).containsEntry("system", "Only read.");
		assertThat(resolved.enabledBuiltInTools()).containsExactly("read");
		assertThat(wire(resolved).get("skills"))
			.isEqualTo(List.of(Map.of("type", "anthropic", "skill_id", "pdf", "version", "latest")));
		Agent unchanged = this.agents.get(this.workspaceId, agent.id(), null);
		assertThat(unchanged).isEqualTo(agent);
	}

	@Test
	void invalidOverridesAreRefusedNamingTheField() {
		Agent agent = createAgent();

		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent_with_overrides", "id", agent.id(), "tools", List.of(Map.of("type", "shell")))),
				"agent.tools[0].type");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent_with_overrides", "id", agent.id(), "model", 3)), "agent.model");
		assertInvalid(
				() -> this.agents.resolveForSession(this.workspaceId,
						Map.of("type", "agent_with_overrides", "id", agent.id(), "tools",
								List.of(Map.of("type", "mcp_toolset", "mcp_server_name", "github")))),
				"names no entry of mcp_servers");
	}

	@Test
	void malformedParametersAreInvalidRequestsNamingTheField() {
		Agent agent = createAgent();

		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId, Map.of("type", "bot", "id", agent.id())),
				"agent.type must be");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId, Map.of("id", agent.id())),
				"agent.type must be");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId, Map.of("type", "agent")),
				"agent.id is required");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent", "id", agent.id(), "version", "1")), "agent.version must be an integer");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId, 42), "agent must be");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId, null), "agent is required");
	}

	@Test
	void unknownForeignAndMissingVersionsAreNotFound() {
		Agent agent = createAgent();
		String otherWorkspace = TestWorkspaces.create(this.port).id();

		assertNotFound(() -> this.agents.resolveForSession(this.workspaceId, "agent_01AAAAAAAAAAAAAAAAAAAAAAAA"));
		assertNotFound(() -> this.agents.resolveForSession(this.workspaceId, "not-an-agent"));
		assertNotFound(() -> this.agents.resolveForSession(otherWorkspace, agent.id()));
		assertNotFound(() -> this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent", "id", agent.id(), "version", 2)));
	}

	@Test
	void archivedAgentsCannotStartSessions() {
		Agent agent = createAgent();
		this.agents.archive(this.workspaceId, agent.id());

		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId, agent.id()), "archived");
		assertInvalid(() -> this.agents.resolveForSession(this.workspaceId,
				Map.of("type", "agent", "id", agent.id(), "version", 1)), "archived");
	}

	@Test
	void aSessionUpdateReplacesToolsAndMcpServersOfTheSnapshot() {
		SessionAgent snapshot = this.agents.resolveForSession(this.workspaceId, createAgent().id());
		Map<String, Object> before = wire(snapshot);

		SessionAgent updated = this.agents.updateSessionAgent(snapshot,
				Map.of("tools", List.of(Map.of("type", "mcp_toolset", "mcp_server_name", "github")), "mcp_servers",
						List.of(Map.of("type", "url", "name", "github", "url", "https://mcp.example.com/github"))));

		assertThat(wire(snapshot)).isEqualTo(before);
		assertThat(updated.enabledBuiltInTools()).isEmpty();
		assertThat(wire(updated).get("tools"))
			.isEqualTo(List.of(Map.of("type", "mcp_toolset", "mcp_server_name", "github", "default_config",
					Map.of("enabled", true, "permission_policy", Map.of("type", "always_ask")), "configs", List.of())));
		assertThat(wire(updated)).containsEntry("model", before.get("model")).containsEntry("version", 1);
		assertInvalid(
				() -> this.agents.updateSessionAgent(snapshot,
						Map.of("tools", List.of(Map.of("type", "mcp_toolset", "mcp_server_name", "github")))),
				"names no entry of mcp_servers");
	}

	@Test
	void usableEnvironmentsSayWhetherTheyAreSelfHosted() {
		Environment cloud = this.environments.create(this.workspaceId, Map.of("name", "cloud"));
		Environment selfHosted = this.environments.create(this.workspaceId,
				Map.of("name", "own", "config", Map.of("type", "self_hosted")));

		assertThat(this.environments.requireUsableForSession(this.workspaceId, cloud.id()))
			.isEqualTo(new UsableEnvironment(cloud.id(), false));
		assertThat(this.environments.requireUsableForSession(this.workspaceId, selfHosted.id()))
			.isEqualTo(new UsableEnvironment(selfHosted.id(), true));
	}

	@Test
	void archivedUnknownAndForeignEnvironmentsCannotStartSessions() {
		Environment environment = this.environments.create(this.workspaceId, Map.of("name", "env"));
		Environment archived = this.environments.create(this.workspaceId, Map.of("name", "old"));
		this.environments.archive(this.workspaceId, archived.id());
		String otherWorkspace = TestWorkspaces.create(this.port).id();

		assertInvalid(() -> this.environments.requireUsableForSession(this.workspaceId, archived.id()),
				"archived environments cannot start sessions");
		assertNotFound(() -> this.environments.requireUsableForSession(otherWorkspace, environment.id()));
		assertNotFound(() -> this.environments.requireUsableForSession(this.workspaceId, "env_nope"));
		assertNotFound(
				() -> this.environments.requireUsableForSession(this.workspaceId, "env_01AAAAAAAAAAAAAAAAAAAAAAAA"));
	}

	/**
	 * The session's agent as the API writes it.
	 */
	private Map<String, Object> wire(SessionAgent agent) {
		return this.json.convertValue(agent, new TypeReference<Map<String, Object>>() {
		});
	}

	private Agent createAgent() {
		return this.agents.create(this.workspaceId, Map.of("name", "Session agent", "model", "claude-opus-4-8", "tools",
				List.of(Map.of("type", "agent_toolset_20260401"))));
	}

	private static void assertInvalid(Executable call, String message) {
		ApiException error = assertThrows(ApiException.class, call);
		assertThat(error.status()).isEqualTo(400);
		assertThat(error.type()).isEqualTo(ApiErrorType.INVALID_REQUEST);
		assertThat(error.getMessage()).contains(message);
	}

	private static void assertNotFound(Executable call) {
		ApiException error = assertThrows(ApiException.class, call);
		assertThat(error.status()).isEqualTo(404);
		assertThat(error.type()).isEqualTo(ApiErrorType.NOT_FOUND);
	}

}
