package dev.memstore.memory;

/**
 * The body of a memory creation.
 *
 * @param path required; see {@link MemoryPaths}
 * @param content required; {@code ""} makes an empty memory
 */
public record MemoryCreateRequest(String path, String content) {

}
