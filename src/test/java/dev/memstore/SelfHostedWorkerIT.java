package dev.memstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.environments.BetaSelfHostedConfigParams;
import com.anthropic.models.beta.environments.EnvironmentCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.events.EventListParams;
import com.fasterxml.jackson.databind.JsonNode;
import dev.memstore.support.NodeSdk;
import dev.memstore.support.RawApi;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestKeys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.memstore.support.PackagedJar.awaitReady;
import static dev.memstore.support.PackagedJar.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official TypeScript {@code EnvironmentWorker}, unmodified, serves a session of a
 * self-hosted environment against the packaged jar, as the self-hosted page tells a user
 * to run it: it polls with an environment key minted by the operator, runs the offline
 * agent's calls for real on this machine, and syncs the session's memory store through
 * {@code /mnt/memory/<slug>}, so that what a real shell wrote there arrives in memstore
 * as a version by that session.
 * <p>
 * The worker runs in a user and mount namespace of its own ({@code unshare}) with a
 * directory of this test bind-mounted on {@code /mnt}: it creates
 * {@code /mnt/memory/<slug>} as the worker does on a real host, without touching this
 * machine's {@code /mnt}.
 */
class SelfHostedWorkerIT {

	/** The page that shows the worker program, which this test runs as written. */
	private static final Path PAGE = Path.of("src", "docs", "self-hosted.md");

	private static final Pattern WORKER_PROGRAM = Pattern
		.compile("<!-- not-run: [^>]*SelfHostedWorkerIT[^>]*-->\\s*```js\\n(.*?)\\n```", Pattern.DOTALL);

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@TempDir
	static Path work;

	private static final List<Process> launched = new ArrayList<>();

	private static int port;

	private static Path serverLog;

	private static RawApi raw;

	@BeforeAll
	static void startThePackagedJar() throws Exception {
		String jar = System.getProperty("memstore.jar");
		assertThat(jar).as("the failsafe configuration passes the packaged jar").isNotNull();
		port = freePort();
		serverLog = Files.createDirectories(Path.of("target", "it-logs"))
			.resolve("self-hosted-" + System.nanoTime() + ".log");
		Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar, "--server.port=" + port, "--server.address=127.0.0.1", "--memstore.embedded-db.ephemeral=true",
				"--memstore.auth.admin-key=" + TestKeys.ADMIN)
			.redirectErrorStream(true)
			.redirectOutput(serverLog.toFile())
			.start();
		launched.add(server);
		awaitReady(server, port, serverLog);
		raw = new RawApi(port);
	}

	@AfterAll
	static void stopWhatThisTestStarted() throws InterruptedException {
		// The worker first, then the server it talks to.
		for (int i = launched.size() - 1; i >= 0; i--) {
			Process process = launched.get(i);
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	@Test
	void theOfficialWorkerRunsARealShellAndWritesTheSessionsMemory() throws Exception {
		Path nodeDir = work.resolve("node");
		Optional<String> missing = NodeSdk.installIn(nodeDir);
		assertThat(missing).as("this test runs the TypeScript SDK's worker under Node").isEmpty();

		String workspaceId = raw.operator("POST", "/_memstore/workspaces")
			.json("{\"name\":\"Self-hosted\"}")
			.send()
			.json()
			.path("id")
			.asText();
		String apiKey = raw.operator("POST", "/_memstore/workspaces/" + workspaceId + "/api_keys")
			.json("{\"name\":\"app\"}")
			.send()
			.json()
			.path("secret")
			.asText();
		AnthropicClient client = Sdk.client(port, apiKey);
		String storeId = client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Build notes").build())
			.id();
		String environmentId = client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name("My laptop")
				.config(BetaSelfHostedConfigParams.builder().type(JsonValue.from("self_hosted")).build())
				.build())
			.id();
		String agentId = SessionFixtures.agentWithToolset(client, "Builder", "memstore-offline");
		String sessionId = SessionFixtures.sessionMounting(client, agentId, environmentId, storeId);
		String mountPath = client.beta()
			.sessions()
			.retrieve(sessionId)
			.resources()
			.get(0)
			.asMemoryStore()
			.mountPath()
			.orElseThrow();
		assertThat(mountPath).isEqualTo("/mnt/memory/build-notes");

		RawApi.Response minted = raw
			.operator("POST", "/_memstore/workspaces/" + workspaceId + "/environments/" + environmentId + "/keys")
			.json("{\"name\":\"laptop\"}")
			.send();
		assertThat(minted.status()).as(minted.body()).isEqualTo(200);
		String environmentKey = minted.json().path("secret").asText();

		Path workerLog = startWorker(nodeDir, environmentId, environmentKey);

		String script = String.join("\n", "Run the build check and note where it ran.", "```memstore-script",
				"[{\"tool\": \"bash\", \"input\": {\"command\": \"echo kernel: $(uname -s); echo $((6 * 7))\"}},",
				" {\"tool\": \"bash\", \"input\": {\"command\": \"uname -s > " + mountPath + "/machine.md\"}},",
				" {\"tool\": \"write\", \"input\": {\"file_path\": \"" + mountPath
						+ "/checks/build.md\", \"content\": \"The build check printed 42.\\n\"}},",
				" {\"say\": \"The check ran on the worker.\"}]", "```");
		SessionMessages.send(client, sessionId, script);

		List<JsonNode> events = eventually(() -> {
			List<JsonNode> all = new ArrayList<>();
			client.beta()
				.sessions()
				.events()
				.list(sessionId, EventListParams.builder().limit(1000).build())
				.autoPager()
				.forEach((event) -> all.add(SdkEvents.json(event)));
			boolean ended = all.stream()
				.anyMatch((event) -> "session.status_idle".equals(event.path("type").asText())
						&& "end_turn".equals(event.path("stop_reason").path("type").asText()));
			return ended ? all : null;
		}, "the turn to end (worker log: " + workerLog + ", server log: " + serverLog + ")");

		List<String> types = events.stream().map((event) -> event.path("type").asText()).toList();
		assertThat(types).as("the worker answered, memstore ran nothing itself").doesNotContain("agent.tool_result");
		List<JsonNode> results = events.stream()
			.filter((event) -> "user.tool_result".equals(event.path("type").asText()))
			.toList();
		assertThat(results).hasSize(3);
		assertThat(results.get(0).path("is_error").asBoolean()).isFalse();
		assertThat(results.get(0).path("content").get(0).path("text").asText()).contains("kernel: Linux")
			.contains("42");
		assertThat(events.stream()
			.filter((event) -> "agent.message".equals(event.path("type").asText()))
			.map((event) -> event.path("content").get(0).path("text").asText()))
			.contains("The check ran on the worker.");

		BetaManagedAgentsMemory machine = eventually(() -> memory(client, storeId, "/machine.md"),
				"the shell's file to arrive (worker log: " + workerLog + ")");
		assertThat(machine.content().orElseThrow()).isEqualTo("Linux\n");
		BetaManagedAgentsMemory build = eventually(() -> memory(client, storeId, "/checks/build.md"),
				"the written file to arrive (worker log: " + workerLog + ")");
		assertThat(build.content().orElseThrow()).isEqualTo("The build check printed 42.\n");

		List<BetaManagedAgentsMemoryVersion> versions = new ArrayList<>();
		client.beta()
			.memoryStores()
			.memoryVersions()
			.list(storeId, MemoryVersionListParams.builder().build())
			.autoPager()
			.forEach(versions::add);
		assertThat(versions).isNotEmpty().allSatisfy((version) -> {
			assertThat(version.createdBy().orElseThrow().isSession()).isTrue();
			assertThat(version.createdBy().orElseThrow().asSession().sessionId()).isEqualTo(sessionId);
		});

		BetaManagedAgentsSession session = client.beta().sessions().retrieve(sessionId);
		assertThat(session.status()).isEqualTo(BetaManagedAgentsSession.Status.IDLE);
	}

	private static BetaManagedAgentsMemory memory(AnthropicClient client, String storeId, String path) {
		Map<String, BetaManagedAgentsMemory> byPath = new HashMap<>();
		client.beta().memoryStores().memories().list(storeId).autoPager().forEach((item) -> {
			if (item.isMemory()) {
				byPath.put(item.asMemory().path(), item.asMemory());
			}
		});
		BetaManagedAgentsMemory listed = byPath.get(path);
		return (listed != null) ? client.beta()
			.memoryStores()
			.memories()
			.retrieve(listed.id(), MemoryRetrieveParams.builder().memoryStoreId(storeId).build()) : null;
	}

	/**
	 * Starts the worker program of the self-hosted page in a namespace where this test's
	 * directory is {@code /mnt}.
	 */
	private static Path startWorker(Path nodeDir, String environmentId, String environmentKey) throws IOException {
		Matcher program = WORKER_PROGRAM.matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
		assertThat(program.find()).as("%s shows the worker program, marked for this test", PAGE).isTrue();
		Path worker = nodeDir.resolve("worker.mjs");
		Files.writeString(worker, program.group(1));
		Path mnt = Files.createDirectories(work.resolve("mnt"));
		Path workdir = Files.createDirectories(work.resolve("workdir"));
		Path log = Path.of("target", "it-logs").resolve("self-hosted-worker-" + System.nanoTime() + ".log");
		ProcessBuilder builder = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
				"mount --bind \"$1\" /mnt && exec node \"$2\"", "sh", mnt.toString(), worker.toString())
			.directory(workdir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("ANTHROPIC_") || name.startsWith("MEMSTORE_"));
		environment.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + port);
		environment.put("ANTHROPIC_ENVIRONMENT_KEY", environmentKey);
		environment.put("MEMSTORE_ENVIRONMENT_ID", environmentId);
		// What the worker did, in its log, when this test fails.
		environment.put("ANTHROPIC_LOG", "debug");
		launched.add(builder.start());
		return log;
	}

	private static <T> T eventually(Supplier<T> probe, String what) throws InterruptedException {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (System.nanoTime() < deadline) {
			for (Process process : launched) {
				assertThat(process.isAlive()).as("a process of this test exited while waiting for %s", what).isTrue();
			}
			T value = probe.get();
			if (value != null) {
				return value;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("waited " + PATIENCE + " for " + what);
	}

}
