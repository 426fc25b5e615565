package dev.memstore.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import com.anthropic.errors.ServiceUnavailableException;
import dev.memstore.MemstoreApplication;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Part of drill D3 that runs in the build: memstore on a PostgreSQL that stops and comes
 * back on the same port. While it is down, requests fail within the connection timeout
 * with a 503 envelope the SDKs retry and readiness says DOWN; when it is back, memstore
 * serves again by itself. {@code src/drills/database_outage.py} does the same under load.
 */
class DatabaseOutageTest {

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
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MemstoreApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + this.database.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP)) {
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
