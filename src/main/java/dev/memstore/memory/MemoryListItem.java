package dev.memstore.memory;

/**
 * An item of a memory listing: a {@link Memory}, or with {@code depth=1} a
 * {@link MemoryPrefix} standing for a directory.
 */
public sealed interface MemoryListItem permits Memory, MemoryPrefix {

	String path();

}
