package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.agents.AgentCreateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401Params;
import com.anthropic.models.beta.agents.BetaManagedAgentsModel;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import com.anthropic.core.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.SdkEvents;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Sessions on the Claude loop, with memstore pointed at a local fake of the Messages API
 * and a key configured. Retries, timeouts and limits are small, so that the tests reach
 * them quickly.
 */
@MemstoreIntegrationTest
@TestPropertySource(properties = { "memstore.model.claude.api-key=" + ClaudeSessionTestSupport.CLAUDE_KEY,
		"memstore.model.claude.max-retries=2", "memstore.model.claude.retry-backoff=20ms",
		"memstore.model.claude.request-timeout=2s", "memstore.model.claude.max-tool-rounds=3",
		"memstore.model.claude.max-tool-result-chars=2000" })
abstract class ClaudeSessionTestSupport extends SessionTestSupport {

	static final String CLAUDE_KEY = "sk-ant-test-fake-key";

	static final String MODEL = "claude-opus-4-8";

	static final String SYSTEM = "You are Acme Corp's release-notes assistant.";

	final FakeMessagesApi claude = FakeMessagesApi.shared();

	@DynamicPropertySource
	static void fakeMessagesApi(DynamicPropertyRegistry registry) {
		registry.add("memstore.model.claude.base-url", () -> FakeMessagesApi.shared().baseUrl());
	}

	@BeforeEach
	void claudeAgent() {
		this.claude.reset();
		this.agentId = newAgent(MODEL, true);
	}

	String newAgent(String model, boolean withTools) {
		AgentCreateParams.Builder agent = AgentCreateParams.builder()
			.name("Claude agent")
			.model(BetaManagedAgentsModel.of(model))
			.system(SYSTEM);
		if (withTools) {
			agent.addTool(BetaManagedAgentsAgentToolset20260401Params.builder()
				.type(JsonValue.from("agent_toolset_20260401"))
				.build());
		}
		return this.client.beta().agents().create(agent.build()).id();
	}

	static List<BetaManagedAgentsStreamSessionEvents> ofType(List<BetaManagedAgentsStreamSessionEvents> events,
			String type) {
		return events.stream().filter((event) -> type(event).equals(type)).toList();
	}

	static JsonNode json(BetaManagedAgentsStreamSessionEvents event) {
		return SdkEvents.json(event);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> content(Map<String, Object> message) {
		return (List<Map<String, Object>>) message.get("content");
	}

}
