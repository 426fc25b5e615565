package dev.memstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;

import static dev.memstore.support.PackagedJar.awaitReady;
import static dev.memstore.support.PackagedJar.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with structured logging switched on by its one setting: every line is
 * a JSON object, a line written while a request is served carries its request id, and no
 * secret (the API key, the admin key, the admin password, a Claude key) reaches the log,
 * even from requests that send them wrong.
 */
class StructuredLogsIT {

	static final String API_KEY = "sk-memstore-logs-test-api-key-0001";

	static final String ADMIN_KEY = "admin-logs-test-key-0002";

	static final String ADMIN_PASSWORD = "admin-logs-test-password-0003";

	static final String CLAUDE_KEY = "sk-ant-logs-test-claude-key-0004";

	@TempDir
	Path dataDir;

	@Test
	void everyLineIsJsonCarriesTheRequestIdAndNoSecretIsLogged() throws Exception {
		String jar = System.getProperty("memstore.jar");
		assertThat(jar).as("the failsafe configuration passes the packaged jar").isNotNull();
		int port = freePort();
		Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("logs-" + System.nanoTime() + ".log");
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", jar, "--server.port=" + port, "--memstore.embedded-db.data-dir=" + this.dataDir,
				"--logging.level.dev.memstore=debug",
				"--logging.level.org.springframework.web.servlet.DispatcherServlet=debug")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment()
			.putAll(Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs", "MEMSTORE_AUTH_BOOTSTRAP_KEY", API_KEY,
					"MEMSTORE_AUTH_ADMIN_KEY", ADMIN_KEY, "MEMSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD,
					"MEMSTORE_MODEL_CLAUDE_API_KEY", CLAUDE_KEY));
		Process process = builder.start();
		try {
			awaitReady(process, port, log);
			AnthropicClient client = Sdk.client(port, API_KEY);
			client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name("Logged").build());
			RawApi api = new RawApi(port);
			RawApi.Response wrongKey = api.memoryApi("GET", "/v1/memory_stores", API_KEY + "x").send();
			assertThat(wrongKey.status()).isEqualTo(401);
			api.request("POST", "/admin/login")
				.header("content-type", "application/x-www-form-urlencoded")
				.body("username=admin&password=" + ADMIN_PASSWORD + "x")
				.send();
			RawApi.Response bug = api.memoryApi("GET", "/v1/memory_stores/memstore_nope/memories?limit=abc", API_KEY)
				.send();
			assertThat(bug.status()).isEqualTo(400);
			String requestId = bug.header("request-id");

			process.destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			List<String> lines = Files.readAllLines(log).stream().filter((line) -> !line.isBlank()).toList();
			JsonMapper json = JsonMapper.builder().build();
			List<String> jsonLines = lines.stream().filter((line) -> line.startsWith("{")).toList();
			assertThat(jsonLines).as("the application's own lines are JSON").hasSizeGreaterThan(10);
			boolean withRequestId = false;
			for (String line : jsonLines) {
				JsonNode entry = json.readTree(line);
				assertThat(entry.has("@timestamp")).as(line).isTrue();
				withRequestId |= requestId.equals(entry.path("request_id").asString(null));
			}
			assertThat(withRequestId).as("a line logged while serving " + requestId + " names it").isTrue();
			String all = String.join("\n", lines);
			for (String secret : List.of(API_KEY, ADMIN_KEY, ADMIN_PASSWORD, CLAUDE_KEY)) {
				assertThat(all).as("the log never shows a secret").doesNotContain(secret);
			}
		}
		finally {
			process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

}
