package dev.memstore.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.anthropic.errors.ServiceUnavailableException;
import dev.memstore.MemstoreApplication;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Part of drill D3 that runs in the build: memstore on a PostgreSQL that stops and comes
 * back on the same port. While it is down, requests fail within the connection timeout
 * with a 503 envelope the SDKs retry and readiness says DOWN; when it is back, memstore
 * serves again by itself, and a turn the outage cut off resumes at once.
 * {@code python3 src/tools database-outage} does the same under load.
 */
class DatabaseOutageTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int FILES = 10;

	@TempDir
	Path dataDir;

	private EmbeddedPostgres database;

	@AfterEach
	void stopDatabase() throws IOException {
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void whileTheDatabaseIsDownRequestsFailFastWith503AndReadinessIsDownThenMemstoreRecoversByItself()
			throws Exception {
		int databasePort = freePort();
		this.database = startDatabase(databasePort);
		try (ConfigurableApplicationContext context = startMemstore()) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			RawApi api = new RawApi(port);
			String storeId = api.memoryApi("POST", "/v1/memory_stores", TestKeys.BOOTSTRAP)
				.json("{\"name\":\"Outage\"}")
				.send()
				.json()
				.path("id")
				.asString();
			assertThat(probe(api, "readiness")).isEqualTo(200);

			this.database.close();
			this.database = null;

			long started = System.nanoTime();
			RawApi.Response refused = api.memoryApi("GET", "/v1/memory_stores/" + storeId, TestKeys.BOOTSTRAP).send();
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.errorType()).isEqualTo("api_error");
			assertThat(refused.errorMessage()).contains("database is unavailable");
			assertThat(refused.json().path("request_id").asString()).startsWith("req_")
				.isEqualTo(refused.header("request-id"));
			assertThat(refused.header("x-should-retry")).isNull();
			assertThat(took).isLessThan(Duration.ofSeconds(5));
			RawApi.Response write = api
				.memoryApi("POST", "/v1/memory_stores/" + storeId + "/memories", TestKeys.BOOTSTRAP)
				.json("{\"path\":\"/during.md\",\"content\":\"lost?\"}")
				.send();
			assertThat(write.status()).isEqualTo(503);
			ServiceUnavailableException sdk = assertThrows(ServiceUnavailableException.class,
					() -> Sdk.clientWithoutRetries(port, TestKeys.BOOTSTRAP).beta().memoryStores().retrieve(storeId));
			assertThat(sdk.statusCode()).isEqualTo(503);
			assertThat(probe(api, "readiness")).isEqualTo(503);
			assertThat(probe(api, "liveness")).as("an outage is no reason to restart memstore").isEqualTo(200);

			this.database = startDatabase(databasePort);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> api.memoryApi("GET", "/v1/memory_stores/" + storeId, TestKeys.BOOTSTRAP)
					.send()
					.status() == 200);
			assertThat(probe(api, "readiness")).isEqualTo(200);
		}
	}

	@Test
	void aTurnCutOffByTheOutageResumesAsSoonAsTheDatabaseIsBack() throws Exception {
		int databasePort = freePort();
		this.database = startDatabase(databasePort);
		try (ConfigurableApplicationContext context = startMemstore("--memstore.runtime.offline-step-delay=200ms")) {
			RawApi api = new RawApi(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			String storeId = create(api.memoryApi("POST", "/v1/memory_stores", TestKeys.BOOTSTRAP),
					Map.of("name", "Turns"));
			String environmentId = create(api.managedAgentsApi("POST", "/v1/environments", TestKeys.BOOTSTRAP),
					Map.of("name", "env"));
			String agentId = create(api.managedAgentsApi("POST", "/v1/agents", TestKeys.BOOTSTRAP), Map.of("name",
					"Writer", "model", "memstore-offline", "tools", List.of(Map.of("type", "agent_toolset_20260401"))));
			String sessionId = create(api.managedAgentsApi("POST", "/v1/sessions", TestKeys.BOOTSTRAP),
					Map.of("agent", agentId, "environment_id", environmentId, "resources",
							List.of(Map.of("type", "memory_store", "memory_store_id", storeId))));
			List<Map<String, Object>> steps = new ArrayList<>();
			for (int i = 0; i < FILES; i++) {
				steps.add(Map.of("tool", "write", "input",
						Map.of("file_path", "/mnt/memory/turns/" + i + ".md", "content", "step " + i)));
			}
			String script = "```memstore-script\n" + JSON.writeValueAsString(steps) + "\n```";
			send(api.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/events", TestKeys.BOOTSTRAP), Map
				.of("events", List
					.of(Map.of("type", "user.message", "content", List.of(Map.of("type", "text", "text", script))))));
			await().atMost(Duration.ofSeconds(20)).until(() -> versions(api, storeId) >= 2);

			this.database.close();
			this.database = null;
			Thread.sleep(1000);
			this.database = startDatabase(databasePort);

			// Sooner than the 30 s lease after which any worker would take the turn over.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> "idle"
					.equals(send(api.managedAgentsApi("GET", "/v1/sessions/" + sessionId, TestKeys.BOOTSTRAP), null)
						.path("status")
						.asString()));
			assertThat(versions(api, storeId)).as("every file written exactly once").isEqualTo(FILES);
			assertThat(send(
					api.managedAgentsApi("GET", "/v1/sessions/" + sessionId + "/events?limit=100", TestKeys.BOOTSTRAP),
					null)
				.path("data")
				.toString()).as("the outage is not the turn's failure").doesNotContain("session.error");
		}
	}

	private ConfigurableApplicationContext startMemstore(String... extra) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0",
				"--spring.datasource.url=" + this.database.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP));
		arguments.addAll(List.of(extra));
		return new SpringApplicationBuilder(MemstoreApplication.class).run(arguments.toArray(String[]::new));
	}

	private static String create(RawApi.Request request, Map<String, Object> body) {
		return send(request, body).path("id").asString();
	}

	private static JsonNode send(RawApi.Request request, Map<String, Object> body) {
		RawApi.Response response = ((body != null) ? request.json(JSON.writeValueAsString(body)) : request).send();
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static int versions(RawApi api, String storeId) {
		return send(
				api.memoryApi("GET", "/v1/memory_stores/" + storeId + "/memory_versions?limit=100", TestKeys.BOOTSTRAP),
				null)
			.path("data")
			.size();
	}

	private EmbeddedPostgres startDatabase(int port) throws IOException {
		// The same cluster on the same port, as a restarted server would be.
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDir)
			.setCleanDataDirectory(false)
			.setPort(port)
			.start();
	}

	private static int probe(RawApi api, String group) {
		return api.request("GET", "/actuator/health/" + group).send().status();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
