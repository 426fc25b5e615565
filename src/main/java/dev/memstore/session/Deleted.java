package dev.memstore.session;

/**
 * The answer to a delete: {@code {"id": ..., "type": "..._deleted"}}.
 */
public record Deleted(String id, String type) {

}
