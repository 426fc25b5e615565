package dev.memstore;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.BeforeEach;
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
 * as a version by that session. A worker killed in the middle of a call is replaced by
 * another, which runs the call again.
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

	private static Path nodeDir;

	private static String workspaceId;

	private static String apiKey;

	private AnthropicClient client;

	@BeforeAll
	static void startThePackagedJar() throws Exception {
		String jar = System.getProperty("memstore.jar");
		assertThat(jar).as("the failsafe configuration passes the packaged jar").isNotNull();
		port = freePort();
		serverLog = Files.createDirectories(Path.of("target", "it-logs"))
			.resolve("self-hosted-" + System.nanoTime() + ".log");
		Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar, "--server.port=" + port, "--server.address=127.0.0.1", "--memstore.embedded-db.ephemeral=true",
				"--memstore.auth.admin-key=" + TestKeys.ADMIN,
				// A worker's lease runs out 10 s after its last heartbeat (every 5 s), so
				// that a killed worker is replaced within the test.
				"--memstore.selfhosted.default-ttl=10s")
			.redirectErrorStream(true)
			.redirectOutput(serverLog.toFile())
			.start();
		launched.add(server);
		awaitReady(server, port, serverLog);
		raw = new RawApi(port);
		nodeDir = work.resolve("node");
		Optional<String> missing = NodeSdk.installIn(nodeDir);
		assertThat(missing).as("this test runs the TypeScript SDK's worker under Node").isEmpty();
		workspaceId = raw.operator("POST", "/_memstore/workspaces")
			.json("{\"name\":\"Self-hosted\"}")
			.send()
			.json()
			.path("id")
			.asText();
		apiKey = raw.operator("POST", "/_memstore/workspaces/" + workspaceId + "/api_keys")
			.json("{\"name\":\"app\"}")
			.send()
			.json()
			.path("secret")
			.asText();
	}

	@BeforeEach
	void client() {
		this.client = Sdk.client(port, apiKey);
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
		ServedSession served = newSession("Build notes");
		assertThat(served.mountPath()).isEqualTo("/mnt/memory/build-notes");
		Path workerLog = startWorker(served, "mnt-build").log();

		String mountPath = served.mountPath();
		String script = String.join("\n", "Run the build check and note where it ran.", "```memstore-script",
				"[{\"tool\": \"bash\", \"input\": {\"command\": \"echo kernel: $(uname -s); echo $((6 * 7))\"}},",
				" {\"tool\": \"bash\", \"input\": {\"command\": \"uname -s > " + mountPath + "/machine.md\"}},",
				" {\"tool\": \"write\", \"input\": {\"file_path\": \"" + mountPath
						+ "/checks/build.md\", \"content\": \"The build check printed 42.\\n\"}},",
				" {\"say\": \"The check ran on the worker.\"}]", "```");
		SessionMessages.send(this.client, served.sessionId(), script);

		List<JsonNode> events = endedTurn(served.sessionId(),
				"the turn to end (worker log: " + workerLog + ", server log: " + serverLog + ")");
		List<String> types = events.stream().map((event) -> event.path("type").asText()).toList();
		assertThat(types).as("the worker answered, memstore ran nothing itself").doesNotContain("agent.tool_result");
		List<JsonNode> results = ofType(events, "user.tool_result");
		assertThat(results).hasSize(3);
		assertThat(results.get(0).path("is_error").asBoolean()).isFalse();
		assertThat(results.get(0).path("content").get(0).path("text").asText()).contains("kernel: Linux")
			.contains("42");
		assertThat(ofType(events, "agent.message").stream()
			.map((event) -> event.path("content").get(0).path("text").asText()))
			.contains("The check ran on the worker.");

		BetaManagedAgentsMemory machine = eventually(() -> memory(served.storeId(), "/machine.md"),
				"the shell's file to arrive (worker log: " + workerLog + ")");
		assertThat(machine.content().orElseThrow()).isEqualTo("Linux\n");
		BetaManagedAgentsMemory build = eventually(() -> memory(served.storeId(), "/checks/build.md"),
				"the written file to arrive (worker log: " + workerLog + ")");
		assertThat(build.content().orElseThrow()).isEqualTo("The build check printed 42.\n");

		List<BetaManagedAgentsMemoryVersion> versions = new ArrayList<>();
		this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(served.storeId(), MemoryVersionListParams.builder().build())
			.autoPager()
			.forEach(versions::add);
		assertThat(versions).isNotEmpty().allSatisfy((version) -> {
			assertThat(version.createdBy().orElseThrow().isSession()).isTrue();
			assertThat(version.createdBy().orElseThrow().asSession().sessionId()).isEqualTo(served.sessionId());
		});
		assertThat(this.client.beta().sessions().retrieve(served.sessionId()).status())
			.isEqualTo(BetaManagedAgentsSession.Status.IDLE);
	}

	/**
	 * The failure table's "dies mid-session" with the real worker: one is killed while it
	 * runs a call; once its lease runs out, another worker takes the session and runs the
	 * call again, and the turn goes on with that one result.
	 */
	@Test
	void aWorkerKilledMidCallIsReplacedAndTheNextWorkerRunsTheCallAgain() throws Exception {
		ServedSession served = newSession("Takeover notes");
		Path runs = work.resolve("runs.txt");
		// The first run waits (and is killed with its worker); the second returns at
		// once.
		String command = "echo run >> " + runs + "; if [ $(wc -l < " + runs + ") -lt 2 ]; then sleep 300; fi;"
				+ " echo run $(wc -l < " + runs + ")";
		StartedWorker first = startWorker(served, "mnt-first");
		SessionMessages.send(this.client, served.sessionId(),
				String.join("\n", "Run the slow check.", "```memstore-script",
						"[{\"tool\": \"bash\", \"input\": {\"command\": \"" + command + "\"}},",
						" {\"say\": \"The slow check is done.\"}]", "```"));
		eventually(() -> (Files.exists(runs) && lines(runs) == 1) ? true : null,
				"the first worker to run the call (worker log: " + first.log() + ")");

		first.process().descendants().forEach(ProcessHandle::destroyForcibly);
		first.process().destroyForcibly();
		first.process().waitFor(10, TimeUnit.SECONDS);
		launched.remove(first.process());
		StartedWorker second = startWorker(served, "mnt-second");

		List<JsonNode> events = endedTurn(served.sessionId(),
				"the second worker to finish the turn (worker log: " + second.log() + ")");
		assertThat(lines(runs)).as("the call ran once on each worker").isEqualTo(2);
		List<JsonNode> results = ofType(events, "user.tool_result");
		assertThat(results).as("the call was answered once, by the second worker").hasSize(1);
		assertThat(results.get(0).path("content").get(0).path("text").asText()).isEqualTo("run 2");
		assertThat(results.get(0).path("tool_use_id").asText())
			.isEqualTo(ofType(events, "agent.tool_use").get(0).path("id").asText());
		assertThat(ofType(events, "agent.message").stream()
			.map((event) -> event.path("content").get(0).path("text").asText())).contains("The slow check is done.");
	}

	/**
	 * A workspace's session of a self-hosted environment mounting one new store, and an
	 * environment key minted for it by the operator.
	 */
	private ServedSession newSession(String storeName) {
		String storeId = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name(storeName).build())
			.id();
		String environmentId = this.client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name("My laptop")
				.config(BetaSelfHostedConfigParams.builder().type(JsonValue.from("self_hosted")).build())
				.build())
			.id();
		String agentId = SessionFixtures.agentWithToolset(this.client, "Builder", "memstore-offline");
		String sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, storeId);
		String mountPath = this.client.beta()
			.sessions()
			.retrieve(sessionId)
			.resources()
			.get(0)
			.asMemoryStore()
			.mountPath()
			.orElseThrow();
		RawApi.Response minted = raw
			.operator("POST", "/_memstore/workspaces/" + workspaceId + "/environments/" + environmentId + "/keys")
			.json("{\"name\":\"laptop\"}")
			.send();
		assertThat(minted.status()).as(minted.body()).isEqualTo(200);
		return new ServedSession(storeId, environmentId, sessionId, mountPath, minted.json().path("secret").asText());
	}

	private List<JsonNode> endedTurn(String sessionId, String what) throws InterruptedException {
		return eventually(() -> {
			List<JsonNode> all = new ArrayList<>();
			this.client.beta()
				.sessions()
				.events()
				.list(sessionId, EventListParams.builder().limit(1000).build())
				.autoPager()
				.forEach((event) -> all.add(SdkEvents.json(event)));
			boolean ended = all.stream()
				.anyMatch((event) -> "session.status_idle".equals(event.path("type").asText())
						&& "end_turn".equals(event.path("stop_reason").path("type").asText()));
			return ended ? all : null;
		}, what);
	}

	private static List<JsonNode> ofType(List<JsonNode> events, String type) {
		return events.stream().filter((event) -> type.equals(event.path("type").asText())).toList();
	}

	private static long lines(Path file) {
		try {
			return Files.readAllLines(file).size();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private BetaManagedAgentsMemory memory(String storeId, String path) {
		Map<String, BetaManagedAgentsMemory> byPath = new HashMap<>();
		this.client.beta().memoryStores().memories().list(storeId).autoPager().forEach((item) -> {
			if (item.isMemory()) {
				byPath.put(item.asMemory().path(), item.asMemory());
			}
		});
		BetaManagedAgentsMemory listed = byPath.get(path);
		return (listed != null) ? this.client.beta()
			.memoryStores()
			.memories()
			.retrieve(listed.id(), MemoryRetrieveParams.builder().memoryStoreId(storeId).build()) : null;
	}

	/**
	 * Starts the worker program of the self-hosted page in a namespace where a directory
	 * of this test's own is {@code /mnt}, as a host of its own would have.
	 */
	private StartedWorker startWorker(ServedSession served, String mountDirectory) throws IOException {
		Matcher program = WORKER_PROGRAM.matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
		assertThat(program.find()).as("%s shows the worker program, marked for this test", PAGE).isTrue();
		Path worker = nodeDir.resolve("worker.mjs");
		Files.writeString(worker, program.group(1));
		Path mnt = Files.createDirectories(work.resolve(mountDirectory));
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
		environment.put("ANTHROPIC_ENVIRONMENT_KEY", served.environmentKey());
		environment.put("MEMSTORE_ENVIRONMENT_ID", served.environmentId());
		// What the worker did, in its log, when this test fails.
		environment.put("ANTHROPIC_LOG", "debug");
		Process process = builder.start();
		launched.add(process);
		return new StartedWorker(process, log);
	}

	private record ServedSession(String storeId, String environmentId, String sessionId, String mountPath,
			String environmentKey) {
	}

	private record StartedWorker(Process process, Path log) {
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
