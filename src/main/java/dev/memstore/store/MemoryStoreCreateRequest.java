package dev.memstore.store;

import java.util.Map;

/**
 * The body of a store creation.
 *
 * @param name required, 1 to 255 characters
 * @param description optional, at most 1,024 characters
 * @param metadata optional string pairs
 */
public record MemoryStoreCreateRequest(String name, String description, Map<String, String> metadata) {

}
