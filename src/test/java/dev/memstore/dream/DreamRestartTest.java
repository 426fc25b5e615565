package dev.memstore.dream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.DreamCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.memstore.MemstoreApplication;
import dev.memstore.support.Sdk;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestKeys;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dream is durable work: stopped in the middle on one instance, it is taken up by
 * another on the same database and ends as an uninterrupted dream of the same inputs
 * would.
 */
class DreamRestartTest {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	static EmbeddedPostgres database;

	@BeforeAll
	static void database() throws Exception {
		database = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stop() throws Exception {
		database.close();
	}

	@Test
	void aDreamStoppedInTheMiddleGoesOnOnAnotherInstanceAndEndsTheSame() {
		ConfigurableApplicationContext first = instance("memstore.runtime.offline-step-delay=1500ms");
		AnthropicClient client = client(first);
		String store = client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Durable").build())
			.id();
		for (int i = 0; i < 5; i++) {
			client.beta()
				.memoryStores()
				.memories()
				.create(store, MemoryCreateParams.builder().path("/dup/" + i + ".md").content("same\n").build());
		}
		client.beta()
			.memoryStores()
			.memories()
			.create(store,
					MemoryCreateParams.builder()
						.path("/big.md")
						.content(OfflineDreamGuaranteesTest.bigContent())
						.build());
		String session = finishedSession(client, store, OfflineDreamGuaranteesTest.MAYA);
		BetaDream dream = client.beta().dreams().create(params(store, session));
		String dreamSession = await().atMost(TIMEOUT)
			.until(() -> client.beta().dreams().retrieve(dream.id()).sessionId(), (id) -> id.isPresent())
			.get();
		await().atMost(TIMEOUT)
			.until(() -> client.beta()
				.sessions()
				.events()
				.list(dreamSession)
				.autoPager()
				.stream()
				.filter((event) -> event.isAgentToolResult())
				.count() >= 1);
		first.close();

		ConfigurableApplicationContext second = instance("memstore.runtime.lease-timeout=2s");
		try {
			AnthropicClient again = client(second);
			BetaDream done = await().atMost(TIMEOUT)
				.until(() -> again.beta().dreams().retrieve(dream.id()),
						(found) -> found.status().equals(BetaDreamStatus.COMPLETED)
								|| found.status().equals(BetaDreamStatus.FAILED));
			assertThat(done.status()).isEqualTo(BetaDreamStatus.COMPLETED);
			List<String> types = again.beta()
				.sessions()
				.events()
				.list(dreamSession)
				.autoPager()
				.stream()
				.map(SdkEvents::type)
				.toList();
			assertThat(types).as("the dream's session was taken up again").contains("session.status_rescheduled");

			BetaDream uninterrupted = await().atMost(TIMEOUT)
				.until(() -> again.beta().dreams().retrieve(again.beta().dreams().create(params(store, session)).id()),
						(found) -> found != null);
			BetaDream uninterruptedDone = await().atMost(TIMEOUT)
				.until(() -> again.beta().dreams().retrieve(uninterrupted.id()),
						(found) -> found.status().equals(BetaDreamStatus.COMPLETED));
			assertThat(contents(again, done.outputs().get(0).memoryStoreId()))
				.isEqualTo(contents(again, uninterruptedDone.outputs().get(0).memoryStoreId()));
		}
		finally {
			second.close();
		}
	}

	private static DreamCreateParams params(String store, String session) {
		return DreamCreateParams.builder()
			.addMemoryStoreInput(store)
			.addSessionsInput(List.of(session))
			.model("memstore-offline")
			.build();
	}

	private static String finishedSession(AnthropicClient client, String store, String message) {
		String sessionId = client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(SessionFixtures.agentWithToolset(client, "Offline", "memstore-offline"))
				.environmentId(SessionFixtures.environment(client, "e"))
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(JsonValue.from("memory_store"))
					.memoryStoreId(store)
					.access(BetaManagedAgentsMemoryStoreResourceParam.Access.READ_ONLY)
					.build())
				.build())
			.id();
		SessionMessages.send(client, sessionId, message);
		await().atMost(TIMEOUT)
			.until(() -> client.beta()
				.sessions()
				.events()
				.list(sessionId)
				.autoPager()
				.stream()
				.anyMatch((event) -> event.isSessionStatusIdle()));
		return sessionId;
	}

	private static Map<String, String> contents(AnthropicClient client, String storeId) {
		Map<String, String> contents = new TreeMap<>();
		client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().view(BetaManagedAgentsMemoryView.FULL).build())
			.autoPager()
			.forEach((item) -> contents.put(item.asMemory().path(), item.asMemory().content().orElse("")));
		return contents;
	}

	private static ConfigurableApplicationContext instance(String setting) {
		return new SpringApplicationBuilder(MemstoreApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"--" + setting);
	}

	private static AnthropicClient client(ConfigurableApplicationContext instance) {
		return Sdk.client(instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class),
				TestKeys.BOOTSTRAP);
	}

}
