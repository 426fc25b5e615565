package dev.memstore.dream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.DreamCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import org.junit.jupiter.api.BeforeEach;

import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.awaitility.Awaitility.await;

/**
 * What dream tests start from: a fresh workspace with the official SDK as its client, an
 * environment and an offline agent, and the calls the tests make most.
 */
abstract class DreamTestSupport {

	static final Duration DREAM_TIMEOUT = Duration.ofSeconds(20);

	static final String BETA = "dreaming-2026-04-21";

	@LocalServerPort
	int port;

	TestWorkspaces.Workspace workspace;

	AnthropicClient client;

	RawApi api;

	String environmentId;

	String agentId;

	@BeforeEach
	void newWorkspace() {
		this.workspace = TestWorkspaces.create(this.port);
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.api = new RawApi(this.port);
		this.environmentId = SessionFixtures.environment(this.client, "test environment");
		this.agentId = SessionFixtures.agentWithToolset(this.client, "Offline agent", "memstore-offline");
	}

	String newStore(String name) {
		return this.client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build()).id();
	}

	void createMemory(String storeId, String path, String content) {
		this.client.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path(path).content(content).build());
	}

	/**
	 * A finished session of the offline agent with the store mounted read-only (so the
	 * agent notes nothing itself), in which the user said each message.
	 */
	String sessionSaying(String storeId, String... messages) {
		String sessionId = this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(this.agentId)
				.environmentId(this.environmentId)
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(JsonValue.from("memory_store"))
					.memoryStoreId(storeId)
					.access(BetaManagedAgentsMemoryStoreResourceParam.Access.READ_ONLY)
					.build())
				.build())
			.id();
		for (String message : messages) {
			SessionMessages.send(this.client, sessionId, message);
		}
		await().atMost(DREAM_TIMEOUT).until(() -> {
			var session = this.client.beta().sessions().retrieve(sessionId);
			return session.status().toString().equals("idle") && this.client.beta()
				.sessions()
				.events()
				.list(sessionId)
				.autoPager()
				.stream()
				.filter((event) -> event.isSessionStatusIdle())
				.count() >= messages.length;
		});
		return sessionId;
	}

	DreamCreateParams.Builder dream(String storeId, String... sessionIds) {
		return DreamCreateParams.builder()
			.addMemoryStoreInput(storeId)
			.addSessionsInput(List.of(sessionIds))
			.model("memstore-offline");
	}

	BetaDream create(DreamCreateParams.Builder params) {
		return this.client.beta().dreams().create(params.build());
	}

	BetaDream awaitStatus(String dreamId, BetaDreamStatus status) {
		return await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta().dreams().retrieve(dreamId), (dream) -> dream.status().equals(status)
					|| (dream.status().equals(BetaDreamStatus.FAILED) && !status.equals(BetaDreamStatus.FAILED)));
	}

	/**
	 * A store's memories, path to content.
	 */
	Map<String, String> contents(String storeId) {
		Map<String, String> contents = new TreeMap<>();
		for (var item : this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().view(BetaManagedAgentsMemoryView.FULL).build())
			.autoPager()) {
			BetaManagedAgentsMemory memory = item.asMemory();
			contents.put(memory.path(), memory.content().orElse(""));
		}
		return contents;
	}

	RawApi.Response dreamsApi(String method, String path, String json) {
		RawApi.Request request = this.api.request(method, path)
			.header("x-api-key", this.workspace.apiKey())
			.header("anthropic-beta", BETA);
		return ((json != null) ? request.json(json) : request).send();
	}

	static List<String> lines(Map<String, String> contents) {
		List<String> lines = new ArrayList<>();
		contents.values().forEach((content) -> content.lines().filter((line) -> !line.isBlank()).forEach(lines::add));
		return lines;
	}

}
