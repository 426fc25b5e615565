package dev.memstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.ConflictException;
import com.anthropic.models.beta.agents.AgentCreateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsModel;
import com.anthropic.models.beta.environments.EnvironmentCreateParams;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWork;
import com.anthropic.models.beta.environments.work.WorkPollParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsPrecondition;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.memstore.support.Hashes;
import dev.memstore.support.PausingSession;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestKeys;
import dev.memstore.support.WebhookReceiver;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drill D6: two memstore instances on one PostgreSQL. Writes through both keep every
 * invariant, a stream on one instance receives the events of a turn that only the other
 * can run (the first has no turn workers), and the webhook deliveries both instances send
 * reach the endpoint once each; the self-hosted work queue delivers each item to exactly
 * one of the pollers on both instances, and a poll waiting on one instance wakes when the
 * other queues an item.
 */
class TwoInstancesDrillTest {

	private static final int CLIENTS_PER_INSTANCE = 8;

	private static final int INCREMENTS_PER_CLIENT = 5;

	static EmbeddedPostgres database;

	static ConfigurableApplicationContext streaming;

	static ConfigurableApplicationContext working;

	@BeforeAll
	static void twoInstancesOnOneDatabase() throws Exception {
		database = EmbeddedPostgres.builder().start();
		streaming = instance("0");
		working = instance("2");
	}

	@AfterAll
	static void stop() throws Exception {
		working.close();
		streaming.close();
		database.close();
	}

	private static ConfigurableApplicationContext instance(String workers) {
		return new SpringApplicationBuilder(MemstoreApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"--memstore.auth.admin-key=" + TestKeys.ADMIN, "--memstore.runtime.workers=" + workers,
				// Both instances look for deliveries all the time, so that they claim
				// against each other.
				"--memstore.webhooks.poll-interval=50ms");
	}

	private static AnthropicClient client(ConfigurableApplicationContext instance) {
		return Sdk.client(port(instance), TestKeys.BOOTSTRAP);
	}

	private static int port(ConfigurableApplicationContext instance) {
		return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@Test
	void bothInstancesSendDeliveriesAndEachReachesTheEndpointOnce() {
		int stores = 30;
		RawApi operator = new RawApi(port(streaming));
		String workspaceId = defaultWorkspaceId(operator);
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			RawApi.Response endpoint = operator.operator("POST", "/_memstore/workspaces/" + workspaceId + "/webhooks")
				.json("{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"memory_store.created\"]}")
				.send();
			assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
			List<AnthropicClient> clients = List.of(client(streaming), client(working));
			List<String> created = new ArrayList<>();
			for (int i = 0; i < stores; i++) {
				created.add(clients.get(i % 2)
					.beta()
					.memoryStores()
					.create(MemoryStoreCreateParams.builder().name("Announced " + i).build())
					.id());
			}

			created.forEach((store) -> receiver.awaitEvent("memory_store.created", store));
			await().alias("no second delivery of any event")
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> receiver.received().size() == stores);
			List<String> webhookIds = receiver.received().stream().map(WebhookReceiver.Delivery::webhookId).toList();
			assertThat(webhookIds).hasSize(stores).doesNotHaveDuplicates();
			operator
				.operator("DELETE",
						"/_memstore/workspaces/" + workspaceId + "/webhooks/" + endpoint.json().path("id").asString())
				.send();
		}
	}

	@Test
	void bothInstancesShareTheSelfHostedQueueAndAPollOnOneWakesWhenTheOtherQueues() throws Exception {
		RawApi operator = new RawApi(port(streaming));
		String workspaceId = defaultWorkspaceId(operator);
		AnthropicClient client = client(working);
		RawApi.Response environment = new RawApi(port(working))
			.managedAgentsApi("POST", "/v1/environments", TestKeys.BOOTSTRAP)
			.json("{\"name\":\"Shared workers\",\"config\":{\"type\":\"self_hosted\"}}")
			.send();
		String environmentId = environment.json().path("id").asString();
		String key = operator
			.operator("POST", "/_memstore/workspaces/" + workspaceId + "/environments/" + environmentId + "/keys")
			.send()
			.json()
			.path("secret")
			.asString();
		String agentId = SessionFixtures.agentWithToolset(client, "Shared worker agent", "memstore-offline");
		List<AnthropicClient> workers = List.of(Sdk.bearerClient(port(streaming), key),
				Sdk.bearerClient(port(working), key));

		// A poll waiting on one instance wakes when the other queues an item.
		CompletableFuture<Optional<BetaSelfHostedWork>> waiting = CompletableFuture.supplyAsync(() -> workers.get(0)
			.beta()
			.environments()
			.work()
			.poll(environmentId, WorkPollParams.builder().blockMs(999L).build()));
		Thread.sleep(150);
		String first = client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(agentId).environmentId(environmentId).build())
			.id();
		assertThat(waiting.get(5, TimeUnit.SECONDS)).map((work) -> work.data().id()).contains(first);

		int sessions = 12;
		List<String> created = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			created.add(client.beta()
				.sessions()
				.create(SessionCreateParams.builder().agent(agentId).environmentId(environmentId).build())
				.id());
		}
		ExecutorService pollers = Executors.newFixedThreadPool(4);
		try {
			List<Future<List<String>>> polled = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				AnthropicClient worker = workers.get(i % 2);
				polled.add(pollers.submit(() -> {
					List<String> mine = new ArrayList<>();
					Optional<BetaSelfHostedWork> work;
					while ((work = worker.beta()
						.environments()
						.work()
						.poll(environmentId, WorkPollParams.builder().blockMs(200L).build())).isPresent()) {
						mine.add(work.get().data().id());
					}
					return mine;
				}));
			}
			List<String> delivered = new ArrayList<>();
			for (Future<List<String>> each : polled) {
				delivered.addAll(each.get(60, TimeUnit.SECONDS));
			}
			assertThat(delivered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
		}
		finally {
			pollers.shutdownNow();
		}
	}

	private static String defaultWorkspaceId(RawApi operator) {
		return operator.operator("GET", "/_memstore/workspaces")
			.send()
			.json()
			.path("data")
			.valueStream()
			.filter((workspace) -> workspace.path("is_default").asBoolean())
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
	}

	@Test
	void incrementsThroughBothInstancesLoseNothing() throws Exception {
		List<AnthropicClient> clients = List.of(client(streaming), client(working));
		String storeId = clients.get(0)
			.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Shared").build())
			.id();
		String counterId = clients.get(1)
			.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path("/counter.md").content("0").build())
			.id();

		ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_INSTANCE);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < 2 * CLIENTS_PER_INSTANCE; i++) {
				AnthropicClient client = clients.get(i % 2);
				String name = "client " + i;
				running.add(pool.submit(() -> increment(client, storeId, counterId, name)));
			}
			for (Future<?> future : running) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		int total = 2 * CLIENTS_PER_INSTANCE * INCREMENTS_PER_CLIENT;
		JdbcTemplate jdbc = new JdbcTemplate(database.getPostgresDatabase());
		assertThat(jdbc.queryForObject("select content from memories where id = ?", String.class, counterId))
			.startsWith(total + " by ");
		List<String> written = jdbc
			.queryForList("select content from memory_versions where memory_id = ? and operation = 'modified'"
					+ " order by created_at, id", String.class, counterId);
		assertThat(written).hasSize(total);
		for (int i = 0; i < total; i++) {
			assertThat(written.get(i)).startsWith((i + 1) + " by ");
		}
		assertThat(jdbc.queryForObject("""
				select count(*) from memories m
				where not exists (select 1 from memory_versions v where v.id = m.memory_version_id)""", Integer.class))
			.as("every memory's head is a recorded version")
			.isZero();
	}

	private static Void increment(AnthropicClient client, String storeId, String counterId, String name) {
		for (int done = 0; done < INCREMENTS_PER_CLIENT;) {
			String current = client.beta()
				.memoryStores()
				.memories()
				.retrieve(counterId, MemoryRetrieveParams.builder().memoryStoreId(storeId).build())
				.content()
				.orElseThrow();
			String next = (Integer.parseInt(current.split(" ")[0]) + 1) + " by " + name;
			try {
				client.beta()
					.memoryStores()
					.memories()
					.update(counterId, MemoryUpdateParams.builder()
						.memoryStoreId(storeId)
						.content(next)
						.precondition(
								BetaManagedAgentsPrecondition.builder().contentSha256(Hashes.sha256(current)).build())
						.build());
				done++;
			}
			catch (ConflictException lostTheRace) {
				// Read again and retry, as a careful client does.
			}
		}
		return null;
	}

	/**
	 * A turn paused on a custom tool call is state in the database: the instance that
	 * paused it stops, the answer arrives through an instance without workers, and the
	 * turn ends on the one left with workers.
	 */
	@Test
	void aPausedTurnOutlivesItsInstanceAndGoesOnElsewhere() throws Exception {
		ConfigurableApplicationContext pausing = instance("2");
		AnthropicClient viaPausing = client(pausing);
		String environmentId = viaPausing.beta()
			.environments()
			.create(EnvironmentCreateParams.builder().name("env").build())
			.id();
		String agentId = SessionFixtures.agentWithClientTools(viaPausing, "memstore-offline");
		String sessionId = viaPausing.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(agentId).environmentId(environmentId).build())
			.id();
		PausingSession session = new PausingSession(viaPausing, sessionId);
		SessionMessages.send(viaPausing, sessionId, "```memstore-script\n[{\"tool\": \"lookup_order\", \"input\":"
				+ " {\"order_id\": \"A-1\"}}, {\"say\": \"found it\"}]\n```");
		String call = PausingSession.only(session.untilIdle(1), "agent.custom_tool_use").path("id").asText();
		pausing.close();

		PausingSession afterRestart = new PausingSession(client(streaming), sessionId);
		afterRestart.answer(call, "shipped", false);

		List<JsonNode> events = afterRestart.untilIdle(1);
		assertThat(PausingSession.stopReason(PausingSession.last(events)).path("type").asText()).isEqualTo("end_turn");
		assertThat(PausingSession.only(events, "agent.message").path("content").get(0).path("text").asText())
			.isEqualTo("found it");
	}

	@Test
	void aStreamOnOneInstanceReceivesATurnRunByTheOther() throws Exception {
		AnthropicClient viaStreaming = client(streaming);
		String environmentId = viaStreaming.beta()
			.environments()
			.create(EnvironmentCreateParams.builder().name("env").build())
			.id();
		String agentId = viaStreaming.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Echo")
				.model(BetaManagedAgentsModel.of("memstore-offline"))
				.build())
			.id();
		String sessionId = viaStreaming.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(agentId).environmentId(environmentId).build())
			.id();

		CompletableFuture<List<String>> untilIdle = new CompletableFuture<>();
		try (StreamResponse<BetaManagedAgentsStreamSessionEvents> stream = viaStreaming.beta()
			.sessions()
			.events()
			.streamStreaming(sessionId)) {
			Thread reader = new Thread(() -> {
				List<String> types = new ArrayList<>();
				try {
					stream.stream().forEach((event) -> {
						types.add(SdkEvents.type(event));
						if (event.isSessionStatusIdle()) {
							untilIdle.complete(types);
						}
					});
				}
				catch (RuntimeException ex) {
					untilIdle.completeExceptionally(ex);
				}
			});
			reader.setDaemon(true);
			reader.start();
			SessionMessages.send(viaStreaming, sessionId, "Hello from the other instance");

			List<String> types = untilIdle.get(30, TimeUnit.SECONDS);
			assertThat(types).startsWith("user.message", "session.status_running")
				.contains("agent.message")
				.endsWith("session.status_idle");
		}
	}

}
