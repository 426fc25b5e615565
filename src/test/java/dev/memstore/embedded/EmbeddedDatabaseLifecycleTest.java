package dev.memstore.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import dev.memstore.MemstoreApplication;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database across starts and stops of memstore on one data directory. (A
 * real {@code kill -9} of the packaged jar is exercised by {@code CrashRecoveryIT}.)
 */
class EmbeddedDatabaseLifecycleTest {

	@TempDir
	Path dataDir;

	@Test
	void dataSurvivesARestartAndAShutdownStopsPostgres() throws Exception {
		BetaManagedAgentsMemoryStore created;
		long postgresPid;
		try (ConfigurableApplicationContext first = start(this.dataDir)) {
			created = Sdk.client(port(first), TestKeys.BOOTSTRAP)
				.beta()
				.memoryStores()
				.create(MemoryStoreCreateParams.builder().name("Remembered").build());
			postgresPid = postmasterPid(this.dataDir);
			JdbcTemplate database = new JdbcTemplate(first.getBean(DataSource.class));
			assertThat(database.queryForObject("show fsync", String.class)).isEqualTo("on");
			assertThat(database.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
			assertThat(ProcessHandle.of(postgresPid))
				.hasValueSatisfying((process) -> assertThat(process.isAlive()).isTrue());
		}

		// pg_ctl stop returns once the pid file is gone; the process ends a moment later.
		ProcessHandle.of(postgresPid).ifPresent((process) -> process.onExit().orTimeout(30, TimeUnit.SECONDS).join());
		assertThat(ProcessHandle.of(postgresPid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(this.dataDir.resolve("pgdata/postmaster.pid")).doesNotExist();

		try (ConfigurableApplicationContext second = start(this.dataDir)) {
			BetaManagedAgentsMemoryStore retrieved = Sdk.client(port(second), TestKeys.BOOTSTRAP)
				.beta()
				.memoryStores()
				.retrieve(created.id());
			assertThat(retrieved).isEqualTo(created);
		}
	}

	@Test
	void aSecondMemstoreOnTheSameDirectoryIsRefusedWithAClearMessage() {
		try (ConfigurableApplicationContext first = start(this.dataDir)) {
			assertThatThrownBy(() -> start(this.dataDir).close()).rootCause()
				.hasMessageContaining("Another memstore is running on the embedded database in")
				.hasMessageContaining("memstore.embedded-db.data-dir");

			assertThat(Sdk.client(port(first), TestKeys.BOOTSTRAP).beta().memoryStores().list().data()).isNotNull();
		}
	}

	@Test
	void aStartThatFailsBeforeTheDatabaseIsUsedStopsThePostgresStartedForIt() throws Exception {
		// PostgreSQL starts on its own thread as the context is prepared; here the start
		// fails as the context is refreshed, before anything asks for the data source.
		assertThatThrownBy(() -> new SpringApplicationBuilder(MemstoreApplication.class).initializers((context) -> {
			assertThat(context.getBeanFactory().containsSingleton(EmbeddedDatabaseEarlyStart.BEAN_NAME))
				.as("PostgreSQL is starting")
				.isTrue();
			context.addBeanFactoryPostProcessor((beanFactory) -> {
				throw new IllegalStateException("a start that fails early");
			});
		}).run("--server.port=0", "--memstore.embedded-db.data-dir=" + this.dataDir).close())
			.hasMessage("a start that fails early");

		assertThat(this.dataDir.resolve("pgdata/postmaster.pid")).doesNotExist();
		assertThat(this.dataDir.resolve(EmbeddedPostgresServer.INITIALIZED_MARKER)).as("it had started").exists();
		try (ConfigurableApplicationContext restarted = start(this.dataDir)) {
			assertThat(Sdk.client(port(restarted), TestKeys.BOOTSTRAP).beta().memoryStores().list().data()).isEmpty();
		}
	}

	@Test
	void aPidFileNamingAnotherLiveProgramDoesNotBlockTheStart() throws Exception {
		start(this.dataDir).close();
		// After a reboot or a container restart, the recorded pid may belong to an
		// unrelated program: this JVM.
		Path pidFile = this.dataDir.resolve("pgdata/postmaster.pid");
		Files.write(pidFile,
				List.of(Long.toString(ProcessHandle.current().pid()), this.dataDir.resolve("pgdata").toString()));

		try (ConfigurableApplicationContext restarted = start(this.dataDir)) {
			assertThat(Sdk.client(port(restarted), TestKeys.BOOTSTRAP).beta().memoryStores().list().data()).isEmpty();
		}
		assertThat(ProcessHandle.current().isAlive()).isTrue();
	}

	@Test
	void theRemainsOfAnInterruptedFirstStartAreReplaced() throws Exception {
		Path cluster = Files.createDirectories(this.dataDir.resolve("pgdata"));
		Files.writeString(cluster.resolve("PG_VERSION"), "17\n");
		Files.writeString(cluster.resolve("postgresql.conf"), "");

		try (ConfigurableApplicationContext started = start(this.dataDir)) {
			assertThat(Sdk.client(port(started), TestKeys.BOOTSTRAP)
				.beta()
				.memoryStores()
				.create(MemoryStoreCreateParams.builder().name("Fresh").build())
				.name()).isEqualTo("Fresh");
		}
		assertThat(this.dataDir.resolve(EmbeddedPostgresServer.INITIALIZED_MARKER)).exists();
	}

	@Test
	void changingTheBootstrapKeyRevokesThePreviousOne() {
		start(this.dataDir, "sk-memstore-first").close();

		try (ConfigurableApplicationContext restarted = start(this.dataDir, "sk-memstore-second")) {
			AnthropicClient previous = Sdk.client(port(restarted), "sk-memstore-first");
			AnthropicClient current = Sdk.client(port(restarted), "sk-memstore-second");

			assertThat(current.beta().memoryStores().list().data()).isEmpty();
			assertThatExceptionOfType(UnauthorizedException.class)
				.isThrownBy(() -> previous.beta().memoryStores().list());
		}
	}

	@Test
	void ephemeralDatabasesOfDeadProcessesAreRemovedAndLiveOnesKept() throws Exception {
		Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
		Path abandoned = Files.createTempDirectory(temporary, EmbeddedPostgresServer.EPHEMERAL_PREFIX);
		Files.createDirectories(abandoned.resolve("pgdata"));
		Path inUse = Files.createTempDirectory(temporary, EmbeddedPostgresServer.EPHEMERAL_PREFIX);
		try (DataDirectoryLock owner = DataDirectoryLock.acquire(inUse)) {
			FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofMinutes(10)));
			Files.setLastModifiedTime(abandoned, longAgo);
			Files.setLastModifiedTime(inUse, longAgo);

			new SpringApplicationBuilder(MemstoreApplication.class)
				.run("--server.port=0", "--memstore.embedded-db.ephemeral=true",
						"--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP)
				.close();

			assertThat(abandoned).doesNotExist();
			assertThat(inUse).exists();
		}
		finally {
			FileSystemUtils.deleteRecursively(inUse);
		}
	}

	static ConfigurableApplicationContext start(Path dataDir) {
		return start(dataDir, TestKeys.BOOTSTRAP);
	}

	static ConfigurableApplicationContext start(Path dataDir, String bootstrapKey) {
		return new SpringApplicationBuilder(MemstoreApplication.class).run("--server.port=0",
				"--memstore.embedded-db.data-dir=" + dataDir, "--memstore.auth.bootstrap-key=" + bootstrapKey);
	}

	static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static long postmasterPid(Path dataDir) throws Exception {
		return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(0).trim());
	}

}
