package dev.memstore.store;

/**
 * The answer to a store deletion:
 * {@code {"id":"memstore_...","type":"memory_store_deleted"}}.
 */
public record DeletedMemoryStore(String id, String type) {

	static DeletedMemoryStore of(String id) {
		return new DeletedMemoryStore(id, "memory_store_deleted");
	}

}
