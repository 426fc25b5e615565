package dev.memstore.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.SessionFixtures;
import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.PausingSession;
import dev.memstore.support.Sdk;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestWorkspaces;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A Claude turn whose worker stops after Claude asked for a tool and before the tool ran:
 * the worker that takes the turn up again cannot know whether the call took effect, so it
 * records a result saying so, and Claude goes on from there.
 */
@MemstoreIntegrationTest
@TestPropertySource(properties = { "memstore.model.claude.api-key=sk-ant-test-fake-key",
		"memstore.runtime.heartbeat-interval=200ms", "memstore.runtime.lease-timeout=2s",
		"memstore.model.claude.request-timeout=5s" })
class ClaudeTurnRecoveryTest {

	private static final String STORE_NAME = "Acme customer memory";

	private static final String MOUNT = "/mnt/memory/acme-customer-memory";

	private static final Duration ANSWER_DELAY = Duration.ofMillis(3000);

	private static final String NOT_RUN_RESULT = "call ran; it did not take effect";

	@LocalServerPort
	int port;

	@Autowired
	TurnWorkers workers;

	final FakeMessagesApi claude = FakeMessagesApi.shared();

	AnthropicClient client;

	String storeId;

	String sessionId;

	@DynamicPropertySource
	static void fakeMessagesApi(DynamicPropertyRegistry registry) {
		registry.add("memstore.model.claude.base-url", () -> FakeMessagesApi.shared().baseUrl());
	}

	@BeforeEach
	void claudeSessionWithAMountedStore() {
		this.claude.reset();
		this.client = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		String environmentId = SessionFixtures.environment(this.client, "test environment");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Claude agent", "claude-opus-4-8");
		this.storeId = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name(STORE_NAME).build())
			.id();
		this.sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, this.storeId);
	}

	@Test
	void aToolCallCutShortByTheWorkerStoppingIsReportedAsNotRunAndClaudeGoesOn() throws Exception {
		this.claude.answer(this.claude.toolUse("write", Map.of("file_path", MOUNT + "/a.md", "content", "a"))
			.setHeadersDelay(ANSWER_DELAY.toMillis(), TimeUnit.MILLISECONDS), this.claude.text("Resumed."));

		StreamResponse<BetaManagedAgentsStreamSessionEvents> stream = this.client.beta()
			.sessions()
			.events()
			.streamStreaming(this.sessionId);
		List<BetaManagedAgentsStreamSessionEvents> received = SessionMessages.follow(stream);
		FakeMessagesApi.Request first;
		try {
			SessionMessages.send(this.client, this.sessionId, "Write a.md.");
			first = this.claude.nextRequest();
			try {
				// The fake holds its tool_use answer back for ANSWER_DELAY; the workers
				// must be told to stop before it arrives, or the tool would run first.
				Duration sinceRequest = Duration.ofNanos(System.nanoTime() - first.receivedAtNanos());
				assumeThat(sinceRequest).as("the workers are stopped while the model call is in flight")
					.isLessThan(ANSWER_DELAY.minusMillis(200));
				this.workers.stop();
				await().atMost(Duration.ofSeconds(20)).until(() -> count(received, "agent.tool_use") == 1);
				assertThat(this.client.beta().sessions().retrieve(this.sessionId).status()).hasToString("running");
				assertThat(count(received, "agent.tool_result")).as("the tool did not run").isZero();
			}
			finally {
				this.workers.start();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> count(received, "session.status_idle") == 1);
		}
		finally {
			stream.close();
		}

		List<String> types = received.stream().map(SdkEvents::type).toList();
		assertThat(types).containsSubsequence("user.message", "session.status_running", "span.model_request_start",
				"span.model_request_end", "agent.tool_use", "session.status_rescheduled", "session.status_running",
				"agent.tool_result", "span.model_request_start", "span.model_request_end", "agent.message",
				"session.status_idle");
		assertThat(types.indexOf("session.status_rescheduled")).isGreaterThan(types.indexOf("agent.tool_use"));

		BetaManagedAgentsStreamSessionEvents use = ofType(received, "agent.tool_use").get(0);
		String useId = SdkEvents.id(use);
		assertThat(SdkEvents.json(use).path("name").asText()).isEqualTo("write");
		List<BetaManagedAgentsStreamSessionEvents> results = ofType(received, "agent.tool_result");
		assertThat(results).hasSize(1);
		JsonNode result = SdkEvents.json(results.get(0));
		assertThat(result.path("tool_use_id").asText()).isEqualTo(useId);
		assertThat(result.path("is_error").asBoolean()).isTrue();
		assertThat(result.path("content").get(0).path("text").asText()).contains(NOT_RUN_RESULT);

		FakeMessagesApi.Request second = this.claude.nextRequest();
		assertThat(this.claude.remainingRequests()).as("two model requests in all").isEmpty();
		List<Map<String, Object>> messages = second.messages();
		assertThat(messages).hasSize(first.messages().size() + 2);
		Map<String, Object> assistant = messages.get(messages.size() - 2);
		assertThat(assistant).containsEntry("role", "assistant");
		assertThat(content(assistant)).singleElement()
			.satisfies((block) -> assertThat(block).containsEntry("type", "tool_use")
				.containsEntry("id", useId)
				.containsEntry("name", "write")
				.containsEntry("input", Map.of("file_path", MOUNT + "/a.md", "content", "a")));
		Map<String, Object> user = messages.get(messages.size() - 1);
		assertThat(user).containsEntry("role", "user");
		assertThat(content(user)).singleElement()
			.satisfies((block) -> assertThat(block).containsEntry("type", "tool_result")
				.containsEntry("tool_use_id", useId)
				.containsEntry("is_error", true)
				.hasEntrySatisfying("content", (text) -> assertThat(text).asString().contains(NOT_RUN_RESULT)));

		BetaManagedAgentsStreamSessionEvents idle = received.get(received.size() - 1);
		assertThat(idle.isSessionStatusIdle()).isTrue();
		assertThat(idle.asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		assertThat(
				SdkEvents.json(ofType(received, "agent.message").get(0)).path("content").get(0).path("text").asText())
			.isEqualTo("Resumed.");

		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()).as("the write never ran").isEmpty();
		assertThat(this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().limit(100).build())
			.items()).isEmpty();
	}

	@Test
	void aSelfHostedCallCutShortByTheWorkerStoppingStaysPendingForTheWorkerAndIsAnsweredOnce() throws Exception {
		String environmentId = SessionFixtures.selfHostedEnvironment(this.client, "my machines");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Claude agent", "claude-opus-4-8");
		this.sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, this.storeId);
		this.claude.answer(this.claude.toolUse("write", Map.of("file_path", MOUNT + "/a.md", "content", "a"))
			.setHeadersDelay(ANSWER_DELAY.toMillis(), TimeUnit.MILLISECONDS), this.claude.text("Written."));
		PausingSession session = new PausingSession(this.client, this.sessionId);

		SessionMessages.send(this.client, this.sessionId, "Write a.md.");
		FakeMessagesApi.Request first = this.claude.nextRequest();
		try {
			Duration sinceRequest = Duration.ofNanos(System.nanoTime() - first.receivedAtNanos());
			assumeThat(sinceRequest).as("the workers are stopped while the model call is in flight")
				.isLessThan(ANSWER_DELAY.minusMillis(200));
			this.workers.stop();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> PausingSession.ofType(session.events(), "agent.tool_use").size() == 1);
			assertThat(this.client.beta().sessions().retrieve(this.sessionId).status()).hasToString("running");
		}
		finally {
			this.workers.start();
		}

		List<JsonNode> paused = session.untilIdle(1);
		List<String> types = paused.stream().map((event) -> event.path("type").asText()).toList();
		assertThat(types).containsSubsequence("agent.tool_use", "session.status_rescheduled", "session.status_running",
				"session.status_idle");
		String call = PausingSession.only(paused, "agent.tool_use").path("id").asText();
		assertThat(PausingSession.stopReason(PausingSession.last(paused)))
			.as("taken up again, the call still waits for the worker")
			.isEqualTo(PausingSession.requiresAction(call));
		assertThat(PausingSession.ofType(paused, "agent.tool_result")).as("neither run nor reported as not run")
			.isEmpty();
		assertThat(this.claude.remainingRequests()).as("Claude is not asked again before the result").isEmpty();

		session.answerAsWorker(call, "wrote 1 bytes to " + MOUNT + "/a.md", false);

		List<JsonNode> finished = session.untilIdle(2);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		Map<String, Object> result = content(this.claude.nextRequest().messages().get(2)).get(0);
		assertThat(result).containsEntry("tool_use_id", call)
			.containsEntry("content", "wrote 1 bytes to " + MOUNT + "/a.md")
			.containsEntry("is_error", false);
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> session.answerAsWorker(call, "again", false))
			.withMessageContaining("was already answered");
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()).as("memstore's sandbox never ran the write").isEmpty();
	}

	private static List<BetaManagedAgentsStreamSessionEvents> ofType(List<BetaManagedAgentsStreamSessionEvents> events,
			String type) {
		return events.stream().filter((event) -> SdkEvents.type(event).equals(type)).toList();
	}

	private static int count(List<BetaManagedAgentsStreamSessionEvents> events, String type) {
		return ofType(events, type).size();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> content(Map<String, Object> message) {
		return (List<Map<String, Object>>) message.get("content");
	}

}
