package dev.memstore.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.sessions.events.EventListParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.memstore.sandbox.SandboxService;
import dev.memstore.sandbox.ToolBudget;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * Two turn workers with small limits, so that tests reach every limit within seconds: one
 * worker per workspace at once, a turn ended at its second crash, a worker deemed stuck
 * after 5 s without a step (3 s of tool call tries plus the 2 s lease), calls of at most
 * 1 s, 3 s of tool time, 6 calls and 64 KB of output per turn.
 * <p>
 * The sandbox is the real one, watched so that a test can make a call crash its worker
 * ({@code bash crash-the-worker}: a {@link StackOverflowError}, as deep recursion in a
 * tool would throw), hang it for good ({@code bash hang-the-worker}, until the test
 * ends), or hold it until the test lets go or its time runs out ({@code bash hold}): what
 * no input can make the real tools do any more, but a bug in them could.
 */
@MemstoreIntegrationTest
@TestPropertySource(properties = { "memstore.runtime.workers=2", "memstore.runtime.workspace-share=1",
		"memstore.runtime.max-crashes=2", "memstore.runtime.lease-timeout=2s",
		"memstore.runtime.heartbeat-interval=250ms", "memstore.runtime.tool-call-timeout=1s",
		"memstore.runtime.turn-tool-time=3s", "memstore.runtime.turn-tool-calls=6",
		"memstore.runtime.turn-tool-output=64KB", "memstore.model.claude.request-timeout=1s" })
abstract class LimitedWorkersTestSupport {

	static final String CRASH = "crash-the-worker";

	static final String HANG = "hang-the-worker";

	static final String HOLD = "hold";

	@LocalServerPort
	int port;

	@MockitoSpyBean
	SandboxService sandbox;

	AnthropicClient client;

	String environmentId;

	String agentId;

	final CountDownLatch letGo = new CountDownLatch(1);

	@BeforeEach
	void workspaceAndWatchedSandbox() {
		this.client = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		this.environmentId = SessionFixtures.environment(this.client, "env");
		this.agentId = SessionFixtures.agentWithToolset(this.client, "Agent", "memstore-offline");
		doAnswer((call) -> {
			Map<?, ?> input = call.getArgument(3);
			ToolBudget budget = call.getArgument(4);
			Object command = input.get("command");
			if (CRASH.equals(command)) {
				throw new StackOverflowError("a tool recursed too deep (simulated)");
			}
			if (HANG.equals(command)) {
				// Ignores its budget: a step that never returns.
				this.letGo.await(60, TimeUnit.SECONDS);
			}
			if (HOLD.equals(command)) {
				while (!this.letGo.await(5, TimeUnit.MILLISECONDS) && !budget.isExpired()
						&& budget.cancellation() == null) {
					// Held, as a long search would be, until let go or stopped.
				}
			}
			return call.callRealMethod();
		}).when(this.sandbox).prepare(any(), any(), any(), any(), any());
	}

	@AfterEach
	void letEveryCallGo() {
		this.letGo.countDown();
	}

	/**
	 * A workspace of its own, for tests about two tenants.
	 */
	AnthropicClient otherWorkspace() {
		return Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
	}

	String newSession(AnthropicClient client, String storeName) {
		String environment = SessionFixtures.environment(client, "env");
		String agent = SessionFixtures.agentWithToolset(client, "Agent", "memstore-offline");
		String storeId = client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name(storeName).build())
			.id();
		return SessionFixtures.sessionMounting(client, agent, environment, storeId);
	}

	String newSession(String storeName) {
		return newSession(this.client, storeName);
	}

	void createMemory(String sessionId, String path, String content) {
		String storeId = this.client.beta()
			.sessions()
			.retrieve(sessionId)
			.resources()
			.get(0)
			.asMemoryStore()
			.memoryStoreId();
		this.client.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path(path).content(content).build());
	}

	static void send(AnthropicClient client, String sessionId, String text) {
		SessionMessages.send(client, sessionId, text);
	}

	void send(String sessionId, String text) {
		send(this.client, sessionId, text);
	}

	/**
	 * A script of tool steps, each {@code {"tool": ..., "input": ...}} JSON, then a final
	 * answer.
	 */
	static String script(List<String> steps, String answer) {
		List<String> all = new ArrayList<>(steps);
		all.add("{\"say\": \"" + answer + "\"}");
		return "```memstore-script\n[" + String.join(",\n", all) + "]\n```";
	}

	static String bash(String command) {
		return "{\"tool\": \"bash\", \"input\": {\"command\": \"" + command + "\"}}";
	}

	/**
	 * Every event of a session so far, as the wire shows them.
	 */
	static List<JsonNode> events(AnthropicClient client, String sessionId) {
		List<JsonNode> events = new ArrayList<>();
		client.beta()
			.sessions()
			.events()
			.list(sessionId, EventListParams.builder().limit(100).build())
			.autoPager()
			.forEach((event) -> events.add(SdkEvents.json(event)));
		return events;
	}

	List<JsonNode> events(String sessionId) {
		return events(this.client, sessionId);
	}

	static List<JsonNode> ofType(List<JsonNode> events, String type) {
		return events.stream().filter((event) -> event.path("type").asText().equals(type)).toList();
	}

	/**
	 * Waits until the session has gone idle {@code times} times, and returns its events.
	 */
	static List<JsonNode> untilIdle(AnthropicClient client, String sessionId, int times, Duration atMost) {
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> ofType(events(client, sessionId), "session.status_idle").size() >= times);
		return events(client, sessionId);
	}

	List<JsonNode> untilIdle(String sessionId, int times, Duration atMost) {
		return untilIdle(this.client, sessionId, times, atMost);
	}

	static String stopReason(JsonNode idle) {
		return idle.path("stop_reason").path("type").asText();
	}

	tools.jackson.databind.JsonNode turnWorkers() {
		return new RawApi(this.port).operator("GET", "/_memstore/turn_workers").send().json();
	}

}
