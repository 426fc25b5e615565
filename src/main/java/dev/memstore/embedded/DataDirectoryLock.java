package dev.memstore.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory for the life of one memstore. The operating
 * system releases it when the process dies, however it dies, so a lock that can be taken
 * proves no live memstore uses the directory.
 */
final class DataDirectoryLock implements AutoCloseable {

	static final String FILE_NAME = "memstore.lock";

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirectoryLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of {@code directory}.
	 * @throws IllegalStateException if another memstore, in this process or another,
	 * holds it
	 */
	static DataDirectoryLock acquire(Path directory) {
		Path file = directory.resolve(FILE_NAME);
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				throw new IllegalStateException("Another memstore is running on the embedded database in " + directory
						+ ". Stop it first, or set memstore.embedded-db.data-dir to another directory.");
			}
			channel.truncate(0);
			channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
			return new DataDirectoryLock(channel, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not lock " + file, ex);
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
	}

}
