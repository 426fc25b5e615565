package dev.memstore.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * A PostgreSQL server that memstore runs itself, with its cluster in
 * {@code <data-dir>/pgdata}. Starting recovers from a predecessor killed without shutting
 * down; closing stops the server.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	static final String CLUSTER_DIRECTORY = "pgdata";

	/**
	 * Written once the cluster has started for the first time: a cluster without it is
	 * the remains of an interrupted {@code initdb}, which PostgreSQL cannot start.
	 */
	static final String INITIALIZED_MARKER = "pgdata.initialized";

	static final String EPHEMERAL_PREFIX = "memstore-db-";

	private static final String USER = "postgres";

	private static final String DATABASE = "postgres";

	private final Path directory;

	private final boolean ephemeral;

	private final DataDirectoryLock lock;

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(Path directory, boolean ephemeral, DataDirectoryLock lock,
			EmbeddedPostgres postgres) {
		this.directory = directory;
		this.ephemeral = ephemeral;
		this.lock = lock;
		this.postgres = postgres;
	}

	static EmbeddedPostgresServer start(EmbeddedDatabaseProperties properties) {
		Path directory = prepareDirectory(properties);
		DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
		try {
			Path cluster = directory.resolve(CLUSTER_DIRECTORY);
			discardIncompleteCluster(directory, cluster);
			LeftoverServer.stopIfRunning(cluster);
			long start = System.nanoTime();
			EmbeddedPostgres postgres = builder(properties, cluster).start();
			markInitialized(directory);
			logger.info("Embedded PostgreSQL ready on localhost:{} with its data in {} ({} ms)", postgres.getPort(),
					cluster, Duration.ofNanos(System.nanoTime() - start).toMillis());
			return new EmbeddedPostgresServer(directory, properties.ephemeral(), lock, postgres);
		}
		catch (IOException | RuntimeException ex) {
			lock.close();
			if (properties.ephemeral()) {
				FileSystemUtils.deleteRecursively(directory.toFile());
			}
			throw new IllegalStateException(
					"Could not start the embedded PostgreSQL in " + directory + ": " + ex.getMessage(), ex);
		}
	}

	private static Path prepareDirectory(EmbeddedDatabaseProperties properties) {
		try {
			if (properties.ephemeral()) {
				Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
				removeAbandonedEphemeralDatabases(temporary);
				return Files.createTempDirectory(temporary, EPHEMERAL_PREFIX);
			}
			Path directory = properties.dataDir().toAbsolutePath().normalize();
			Files.createDirectories(directory);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the embedded database directory", ex);
		}
	}

	/**
	 * Removes the ephemeral databases of processes that died without shutting down (a
	 * test JVM killed on a timeout, say), stopping their PostgreSQL: nothing else would
	 * ever find their random directories again. Directories younger than a minute are
	 * left alone, as their owner may not have locked them yet.
	 */
	private static void removeAbandonedEphemeralDatabases(Path temporary) throws IOException {
		Instant settled = Instant.now().minus(Duration.ofMinutes(1));
		try (DirectoryStream<Path> candidates = Files.newDirectoryStream(temporary, EPHEMERAL_PREFIX + "*")) {
			for (Path candidate : candidates) {
				if (!Files.isDirectory(candidate)
						|| Files.getLastModifiedTime(candidate).toInstant().isAfter(settled)) {
					continue;
				}
				Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(candidate);
				if (lock.isPresent()) {
					try (DataDirectoryLock abandoned = lock.get()) {
						LeftoverServer.stopIfRunning(candidate.resolve(CLUSTER_DIRECTORY));
					}
					FileSystemUtils.deleteRecursively(candidate);
					logger.info("Removed the abandoned ephemeral database {}", candidate);
				}
			}
		}
	}

	private static EmbeddedPostgres.Builder builder(EmbeddedDatabaseProperties properties, Path cluster) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(cluster)
			.setCleanDataDirectory(false)
			// Spring stops the server after the web server has drained, not a JVM hook
			// racing with it.
			.setRegisterShutdownHook(false)
			.setPort(properties.port())
			// Crash recovery after a kill can take longer than zonky's default of 10 s.
			.setPGStartupWait(Duration.ofMinutes(2));
		if (!properties.ephemeral()) {
			// zonky favours speed over durability; data that must survive a crash needs
			// both back on.
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		if (properties.binariesDir() != null) {
			builder.setOverrideWorkingDirectory(properties.binariesDir().toFile());
		}
		return builder;
	}

	private static void discardIncompleteCluster(Path directory, Path cluster) throws IOException {
		if (Files.exists(directory.resolve(INITIALIZED_MARKER)) || !Files.isDirectory(cluster)) {
			return;
		}
		try (var entries = Files.list(cluster)) {
			if (entries.findAny().isPresent()) {
				logger.warn("Removing {}: an earlier first start was interrupted before the database was created",
						cluster);
				FileSystemUtils.deleteRecursively(cluster);
			}
		}
	}

	private static void markInitialized(Path directory) throws IOException {
		Path marker = directory.resolve(INITIALIZED_MARKER);
		if (!Files.exists(marker)) {
			Files.createFile(marker);
		}
	}

	String jdbcUrl() {
		return this.postgres.getJdbcUrl(USER, DATABASE);
	}

	String user() {
		return USER;
	}

	@Override
	public void close() throws IOException {
		try {
			this.postgres.close();
		}
		finally {
			this.lock.close();
			if (this.ephemeral) {
				FileSystemUtils.deleteRecursively(this.directory);
			}
		}
	}

}
