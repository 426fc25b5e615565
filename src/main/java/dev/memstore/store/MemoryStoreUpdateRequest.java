package dev.memstore.store;

import java.util.Map;

/**
 * The body of a store update: an omitted or {@code null} field stays as it is;
 * {@code metadata} is a patch in which {@code null} removes a key.
 */
public record MemoryStoreUpdateRequest(String name, String description, Map<String, String> metadata) {

}
