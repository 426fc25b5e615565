package dev.memstore.memory;

/**
 * The version a copied version's content came from: memstore's extension to the
 * {@code memory_version} object.
 */
public record CopiedFrom(String memoryStoreId, String memoryVersionId) {

}
