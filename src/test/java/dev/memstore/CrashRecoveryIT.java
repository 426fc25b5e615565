package dev.memstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreListParams;
import com.anthropic.models.beta.memorystores.MemoryStoreUpdateParams;
import dev.memstore.support.Sdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.memstore.support.PackagedJar.awaitReady;
import static dev.memstore.support.PackagedJar.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, launched as src/docs/configuration.md documents, killed with
 * {@code kill -9} and started again on the same data directory: it must come back by
 * itself with every acknowledged write.
 */
class CrashRecoveryIT {

	private static final String KEY = "sk-memstore-crash-test";

	@TempDir
	Path dataDir;

	private final List<Process> launched = new ArrayList<>();

	private final List<Long> postgresPids = new ArrayList<>();

	@AfterEach
	void stopEverythingThisTestStarted() {
		this.launched.forEach(Process::destroyForcibly);
		this.postgresPids.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	void aKilledServerRestartsWithItsDataAndStopsThePostgresItLeftRunning() throws Exception {
		Server first = launch();
		List<BetaManagedAgentsMemoryStore> written = writeSomeStores(first.client());
		long orphan = postmasterPid();

		first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		assertThat(isAlive(orphan)).as("PostgreSQL outlives the killed JVM").isTrue();

		Server second = launch();
		assertThat(allStores(second.client())).containsExactlyInAnyOrderElementsOf(written);
		awaitExit(orphan);
		assertThat(isAlive(orphan)).isFalse();

		long postgres = postmasterPid();
		second.process().destroy();
		assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("memstore stops on SIGTERM").isTrue();
		awaitExit(postgres);
		assertThat(isAlive(postgres)).as("a normal shutdown stops PostgreSQL").isFalse();
		assertThat(this.dataDir.resolve("pgdata/postmaster.pid")).doesNotExist();
	}

	@Test
	void aServerKilledTogetherWithItsPostgresRecoversFromTheWriteAheadLog() throws Exception {
		Server first = launch();
		List<BetaManagedAgentsMemoryStore> written = writeSomeStores(first.client());
		long postgres = postmasterPid();

		first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		ProcessHandle.of(postgres).ifPresent(ProcessHandle::destroyForcibly);
		awaitExit(postgres);
		assertThat(this.dataDir.resolve("pgdata/postmaster.pid")).as("a stale pid file is left behind").exists();

		Server second = launch();
		assertThat(allStores(second.client())).containsExactlyInAnyOrderElementsOf(written);
	}

	private List<BetaManagedAgentsMemoryStore> writeSomeStores(AnthropicClient client) {
		List<BetaManagedAgentsMemoryStore> stores = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			stores
				.add(client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name("Store " + i).build()));
		}
		stores.set(1, client.beta().memoryStores().archive(stores.get(1).id()));
		stores.set(2, client.beta()
			.memoryStores()
			.update(stores.get(2).id(), MemoryStoreUpdateParams.builder().description("changed just before").build()));
		return stores;
	}

	private static List<BetaManagedAgentsMemoryStore> allStores(AnthropicClient client) {
		List<BetaManagedAgentsMemoryStore> stores = new ArrayList<>();
		client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().includeArchived(true).build())
			.autoPager()
			.forEach(stores::add);
		return stores;
	}

	private Server launch() throws Exception {
		String jar = System.getProperty("memstore.jar");
		assertThat(jar).as("the failsafe configuration passes the packaged jar").isNotNull();
		int port = freePort();
		Path log = Files.createDirectories(Path.of("target", "it-logs"))
			.resolve("crash-recovery-" + System.nanoTime() + ".log");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar, "--server.port=" + port, "--memstore.auth.bootstrap-key=" + KEY,
				"--memstore.embedded-db.data-dir=" + this.dataDir)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		this.launched.add(process);
		awaitReady(process, port, log);
		this.postgresPids.add(postmasterPid());
		return new Server(process, Sdk.client(port, KEY));
	}

	private long postmasterPid() throws IOException {
		return Long.parseLong(Files.readAllLines(this.dataDir.resolve("pgdata/postmaster.pid")).get(0).trim());
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private static void awaitExit(long pid) {
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		process.ifPresent((handle) -> handle.onExit().orTimeout(60, TimeUnit.SECONDS).join());
	}

	private record Server(Process process, AnthropicClient client) {
	}

}
