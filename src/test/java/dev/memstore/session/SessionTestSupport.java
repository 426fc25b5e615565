package dev.memstore.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import org.junit.jupiter.api.BeforeEach;

import dev.memstore.support.SessionFixtures;
import dev.memstore.support.RawApi;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every session test starts from: a fresh workspace with the SDK as its client, an
 * environment and an agent with the file tools, and the calls the tests make most.
 */
abstract class SessionTestSupport {

	static final Duration TURN_TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	TestWorkspaces.Workspace workspace;

	AnthropicClient client;

	RawApi api;

	String environmentId;

	String agentId;

	@BeforeEach
	void newWorkspaceAgentAndEnvironment() {
		this.workspace = TestWorkspaces.create(this.port);
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.api = new RawApi(this.port);
		this.environmentId = SessionFixtures.environment(this.client, "test environment");
		this.agentId = SessionFixtures.agentWithToolset(this.client, "Memory agent", "claude-opus-4-8");
	}

	String newStore(String name) {
		return this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name(name).description("about " + name).build())
			.id();
	}

	void createMemory(String storeId, String path, String content) {
		this.client.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path(path).content(content).build());
	}

	static BetaManagedAgentsMemoryStoreResourceParam mount(String storeId,
			BetaManagedAgentsMemoryStoreResourceParam.Access access) {
		return BetaManagedAgentsMemoryStoreResourceParam.builder()
			.memoryStoreId(storeId)
			.type(JsonValue.from("memory_store"))
			.access(access)
			.build();
	}

	BetaManagedAgentsSession newSession(BetaManagedAgentsMemoryStoreResourceParam... mounts) {
		SessionCreateParams.Builder params = SessionCreateParams.builder()
			.agent(this.agentId)
			.environmentId(this.environmentId);
		for (BetaManagedAgentsMemoryStoreResourceParam mount : mounts) {
			params.addResource(mount);
		}
		BetaManagedAgentsSession session = this.client.beta().sessions().create(params.build());
		assertThat(session.status()).hasToString("idle");
		return session;
	}

	void send(String sessionId, String text) {
		SessionMessages.send(this.client, sessionId, text);
	}

	/**
	 * Opens the event stream, sends the message, and reads until the session is idle.
	 */
	List<BetaManagedAgentsStreamSessionEvents> sendAndStream(String sessionId, String text) throws Exception {
		Stream stream = openStream(sessionId);
		send(sessionId, text);
		return stream.untilIdle();
	}

	Stream openStream(String sessionId) throws InterruptedException {
		return new Stream(this.client.beta().sessions().events().streamStreaming(sessionId));
	}

	static String script(String steps) {
		return "Run this:\n```memstore-script\n" + steps + "\n```\n";
	}

	static List<String> types(List<BetaManagedAgentsStreamSessionEvents> events) {
		return events.stream().map(SessionTestSupport::type).toList();
	}

	static String type(BetaManagedAgentsStreamSessionEvents event) {
		return SdkEvents.type(event);
	}

	/**
	 * An SSE stream read on its own thread, as a client would.
	 */
	static final class Stream implements AutoCloseable {

		private final StreamResponse<BetaManagedAgentsStreamSessionEvents> response;

		private final List<BetaManagedAgentsStreamSessionEvents> received = new ArrayList<>();

		private final CompletableFuture<List<BetaManagedAgentsStreamSessionEvents>> idle = new CompletableFuture<>();

		Stream(StreamResponse<BetaManagedAgentsStreamSessionEvents> response) throws InterruptedException {
			this.response = response;
			CountDownLatch reading = new CountDownLatch(1);
			Thread reader = new Thread(() -> {
				reading.countDown();
				try {
					response.stream().forEach((event) -> {
						synchronized (this.received) {
							this.received.add(event);
							if (event.isSessionStatusIdle()) {
								this.idle.complete(List.copyOf(this.received));
							}
						}
					});
				}
				catch (RuntimeException ex) {
					this.idle.completeExceptionally(ex);
				}
			});
			reader.setDaemon(true);
			reader.start();
			reading.await();
		}

		List<BetaManagedAgentsStreamSessionEvents> untilIdle() throws Exception {
			try {
				return this.idle.get(TURN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			finally {
				close();
			}
		}

		List<BetaManagedAgentsStreamSessionEvents> receivedSoFar() {
			synchronized (this.received) {
				return List.copyOf(this.received);
			}
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

	/**
	 * Where the tests' store named "Notes" is mounted.
	 */
	static final String NOTES = "/mnt/memory/notes/";

	/**
	 * An offline script's step writing a file of the "Notes" mount.
	 */
	static String write(String file, String content) {
		return "{\"tool\": \"write\", \"input\": {\"file_path\": \"" + NOTES + file + "\", \"content\": \"" + content
				+ "\"}}";
	}

	static void assertRefused(Runnable send, String reason) {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(send::run).withMessageContaining(reason);
	}

	/**
	 * The paths of a store's memories.
	 */
	List<String> paths(String storeId) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().build())
			.autoPager()
			.stream()
			.map((memory) -> memory.asMemory().path())
			.toList();
	}

}
