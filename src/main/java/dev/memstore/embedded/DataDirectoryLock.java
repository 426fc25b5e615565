package dev.memstore.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a data directory for the life of one memstore. The operating
 * system releases it when the process dies, however it dies, so a lock that can be taken
 * proves no live memstore uses the directory.
 */
final class DataDirectoryLock implements AutoCloseable {

	static final String FILE_NAME = "memstore.lock";

	/**
	 * Lock files this JVM holds. POSIX drops every lock a process has on a file when any
	 * descriptor of that file is closed, so this JVM must never open a lock file it holds
	 * a second time, not even to find it taken.
	 */
	private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

	private final Path file;

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of {@code directory}.
	 * @throws IllegalStateException if another memstore, in this process or another,
	 * holds it
	 */
	static DataDirectoryLock acquire(Path directory) {
		return tryAcquire(directory)
			.orElseThrow(() -> new IllegalStateException("Another memstore is running on the embedded database in "
					+ directory + ". Stop it first, or set memstore.embedded-db.data-dir to another directory."));
	}

	/**
	 * Takes the lock of {@code directory} unless a live memstore holds it.
	 */
	static Optional<DataDirectoryLock> tryAcquire(Path directory) {
		Path file = directory.resolve(FILE_NAME).toAbsolutePath().normalize();
		if (!HELD_BY_THIS_JVM.add(file)) {
			return Optional.empty();
		}
		FileChannel channel = null;
		FileLock lock = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			lock = channel.tryLock();
			if (lock == null) {
				return Optional.empty();
			}
			channel.truncate(0);
			channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
			return Optional.of(new DataDirectoryLock(file, channel, lock));
		}
		catch (IOException ex) {
			lock = null;
			throw new UncheckedIOException("Could not lock " + file, ex);
		}
		finally {
			if (lock == null) {
				closeQuietly(channel);
				HELD_BY_THIS_JVM.remove(file);
			}
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Nothing was locked through it.
			}
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
			this.channel.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			HELD_BY_THIS_JVM.remove(this.file);
		}
	}

}
