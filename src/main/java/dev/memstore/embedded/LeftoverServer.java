package dev.memstore.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a memstore killed with {@code kill -9} leaves behind: its PostgreSQL keeps
 * running as an orphan and holds the cluster, or its {@code postmaster.pid} names a
 * process id that another program now has. Called only while holding the
 * {@link DataDirectoryLock}, so no live memstore owns that server.
 */
final class LeftoverServer {

	private static final Logger logger = LoggerFactory.getLogger(LeftoverServer.class);

	private static final long GRACEFUL_STOP_SECONDS = 30;

	private static final long FORCED_STOP_SECONDS = 10;

	private LeftoverServer() {
	}

	static void stopIfRunning(Path cluster) {
		Path pidFile = cluster.resolve("postmaster.pid");
		Optional<Long> pid = readPid(pidFile);
		if (pid.isEmpty()) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			// PostgreSQL discards a lock file whose process is gone, and recovers from
			// its WAL.
			return;
		}
		if (!isPostgresServing(process.get(), cluster)) {
			logger.warn("Removing stale {}: process {} is not a PostgreSQL server of this cluster", pidFile, pid.get());
			delete(pidFile);
			return;
		}
		logger.warn("Stopping PostgreSQL (pid {}) left running on {} by a memstore that did not shut down", pid.get(),
				cluster);
		stop(process.get());
	}

	private static Optional<Long> readPid(Path pidFile) {
		try {
			List<String> lines = Files.readAllLines(pidFile);
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException | NumberFormatException ex) {
			logger.warn("Ignoring unreadable {}", pidFile, ex);
			return Optional.empty();
		}
	}

	/**
	 * Whether the process is a {@code postgres} executable started on this cluster
	 * directory: a PID reused by an unrelated program must never be signalled.
	 */
	static boolean isPostgresServing(ProcessHandle process, Path cluster) {
		ProcessHandle.Info info = process.info();
		String executable = info.command().map((command) -> Path.of(command).getFileName().toString()).orElse("");
		String arguments = String.join(" ", info.arguments().orElse(new String[0]));
		return (executable.equals("postgres") || executable.equals("postgres.exe"))
				&& arguments.contains(cluster.toString());
	}

	private static void stop(ProcessHandle process) {
		// SIGTERM: a smart shutdown, which completes at once since the dead JVM's
		// connections are gone.
		process.destroy();
		if (awaitExit(process, GRACEFUL_STOP_SECONDS)) {
			return;
		}
		logger.warn("PostgreSQL (pid {}) did not stop within {} s; killing it", process.pid(), GRACEFUL_STOP_SECONDS);
		process.destroyForcibly();
		if (!awaitExit(process, FORCED_STOP_SECONDS)) {
			throw new IllegalStateException("Could not stop the leftover PostgreSQL process " + process.pid());
		}
	}

	private static boolean awaitExit(ProcessHandle process, long seconds) {
		try {
			process.onExit().get(seconds, TimeUnit.SECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
