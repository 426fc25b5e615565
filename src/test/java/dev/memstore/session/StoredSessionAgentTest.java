package dev.memstore.session;

import java.util.List;

import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401Params;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSessionAgentUpdate;
import com.anthropic.models.beta.sessions.SessionUpdateParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import dev.memstore.kernel.Ids;
import dev.memstore.support.MemstoreIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions whose {@code agent} snapshot was stored by the code before the typed records,
 * inserted with raw SQL in that shape: the API shows them to the official SDK, a session
 * update rewrites them, and the runtime runs them with the tools they enabled.
 */
@MemstoreIntegrationTest
class StoredSessionAgentTest extends SessionTestSupport {

	/**
	 * A snapshot as the map-based code wrote it: every field, the built-in toolset with
	 * bash turned off.
	 */
	static final String FULL_SNAPSHOT = """
			{"id": "%s", "type": "agent", "version": 1, "name": "Old agent", "description": null,
			 "system": "Be brief.", "model": {"id": "claude-opus-4-8", "effort": {"type": "low"}},
			 "tools": [
			   {"type": "agent_toolset_20260401",
			    "default_config": {"enabled": true, "permission_policy": {"type": "always_allow"}},
			    "configs": [
			      {"name": "bash", "type": "bash", "enabled": false, "permission_policy": {"type": "always_allow"}},
			      {"name": "edit", "type": "edit", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "read", "type": "read", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "write", "type": "write", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "glob", "type": "glob", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "grep", "type": "grep", "enabled": true, "permission_policy": {"type": "always_allow"}},
			      {"name": "web_fetch", "type": "web_fetch", "enabled": true,
			       "permission_policy": {"type": "always_allow"}},
			      {"name": "web_search", "type": "web_search", "enabled": true,
			       "permission_policy": {"type": "always_allow"}}],
			    "x_toolset_note": "kept"}],
			 "mcp_servers": [], "skills": [{"type": "anthropic", "skill_id": "pdf", "version": "latest"}],
			 "multiagent": null, "execution_identity": {"type": "service_account"}}""";

	/**
	 * A snapshot from before any optional field existed.
	 */
	static final String MINIMAL_SNAPSHOT = """
			{"id": "%s", "type": "agent", "version": 1, "name": "Old agent", "system": null,
			 "model": {"id": "claude-haiku-4-5"}, "tools": []}""";

	@Autowired
	JdbcClient jdbc;

	@Test
	void aSessionStoredByTheOldCodeShowsItsAgent() {
		String sessionId = insertSession(FULL_SNAPSHOT);

		BetaManagedAgentsSession session = this.client.beta().sessions().retrieve(sessionId).validate();

		assertThat(session.agent().id()).isEqualTo(this.agentId);
		assertThat(session.agent().version()).isEqualTo(1);
		assertThat(session.agent().system()).contains("Be brief.");
		assertThat(session.agent().model().id().asString()).isEqualTo("claude-opus-4-8");
		assertThat(session.agent().model().effort())
			.hasValueSatisfying((effort) -> assertThat(effort.isLow()).isTrue());
		assertThat(session.agent().tools().get(0).asAgentToolset20260401().configs().get(0).enabled()).isFalse();
		assertThat(session.agent().skills()).singleElement()
			.satisfies((skill) -> assertThat(skill.asAnthropic().skillId()).isEqualTo("pdf"));
		assertThat(session.agent().executionIdentity().isServiceAccount()).isTrue();
		assertThat(this.api.managedAgentsApi("GET", "/v1/sessions/" + sessionId, this.workspace.apiKey())
			.send()
			.json()
			.path("agent")
			.path("tools")
			.path(0)
			.path("x_toolset_note")
			.asString()).isEqualTo("kept");
	}

	@Test
	void aSnapshotFromBeforeTheOptionalFieldsReadsAsIfTheyHadBeenLeftOut() {
		String sessionId = insertSession(MINIMAL_SNAPSHOT);

		BetaManagedAgentsSession session = this.client.beta().sessions().retrieve(sessionId).validate();

		assertThat(session.agent().model().id().asString()).isEqualTo("claude-haiku-4-5");
		assertThat(session.agent().description()).isEmpty();
		assertThat(session.agent().tools()).isEmpty();
		assertThat(session.agent().mcpServers()).isEmpty();
		assertThat(session.agent().skills()).isEmpty();
		assertThat(session.agent().executionIdentity().isServiceAccount()).isTrue();
		assertThat(this.client.beta().sessions().list().data()).extracting((listed) -> listed.validate().id())
			.contains(sessionId);
	}

	@Test
	void anOldSnapshotTakesASessionUpdate() {
		String sessionId = insertSession(MINIMAL_SNAPSHOT);

		BetaManagedAgentsSession updated = this.client.beta()
			.sessions()
			.update(sessionId,
					SessionUpdateParams.builder()
						.agent(BetaManagedAgentsSessionAgentUpdate.builder()
							.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
							.build())
						.build())
			.validate();

		assertThat(updated.agent().tools()).singleElement()
			.satisfies((tool) -> assertThat(tool.asAgentToolset20260401().configs()).hasSize(8));
		assertThat(updated.agent().model().id().asString()).isEqualTo("claude-haiku-4-5");
		assertThat(this.client.beta().sessions().retrieve(sessionId).validate().agent()).isEqualTo(updated.agent());
	}

	@Test
	void theRuntimeRunsAnOldSnapshotWithTheToolsItEnabled() throws Exception {
		String sessionId = insertSession(FULL_SNAPSHOT);

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(sessionId, script("""
				[{"tool": "bash", "input": {"command": "ls /mnt/memory"}},
				 {"tool": "glob", "input": {"pattern": "/mnt/memory/**"}}]"""));

		List<BetaManagedAgentsStreamSessionEvents> results = events.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isAgentToolResult)
			.toList();
		assertThat(results).hasSize(2);
		assertThat(results.get(0).asAgentToolResult().isError()).hasValue(true);
		assertThat(results.get(0).asAgentToolResult().content().orElseThrow().get(0).asText().text())
			.contains("not enabled");
		assertThat(results.get(1).asAgentToolResult().content().orElseThrow().get(0).asText().text())
			.doesNotContain("not enabled");
	}

	private String insertSession(String snapshot) {
		String sessionId = Ids.next(SessionService.ID_PREFIX);
		this.jdbc.sql("""
				insert into sessions (id, workspace_id, agent_id, agent_version, agent, environment_id, status, title,
				                      metadata, vault_ids, budget, usage, created_at, updated_at)
				values (:id, :workspace, :agentId, 1, cast(:agent as jsonb), :environment, 'idle', null, '{}', '[]',
				        null, cast(:usage as jsonb), now(), now())""")
			.param("id", sessionId)
			.param("workspace", this.workspace.id())
			.param("agentId", this.agentId)
			.param("agent", snapshot.formatted(this.agentId))
			.param("environment", this.environmentId)
			.param("usage", """
					{"input_tokens": 0, "output_tokens": 0, "cache_read_input_tokens": 0,
					 "cache_creation": {"ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0}}""")
			.update();
		return sessionId;
	}

}
