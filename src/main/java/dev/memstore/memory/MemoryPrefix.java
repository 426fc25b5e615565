package dev.memstore.memory;

/**
 * A directory rolled up in a {@code depth=1} listing:
 * {@code {"type":"memory_prefix","path":"/projects/foo/"}}.
 */
public record MemoryPrefix(String type, String path) implements MemoryListItem {

	static MemoryPrefix of(String path) {
		return new MemoryPrefix("memory_prefix", path);
	}

}
