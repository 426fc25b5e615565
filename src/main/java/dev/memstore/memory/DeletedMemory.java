package dev.memstore.memory;

/**
 * The answer to a memory deletion: {@code {"id":"mem_...","type":"memory_deleted"}}.
 */
public record DeletedMemory(String id, String type) {

	static DeletedMemory of(String id) {
		return new DeletedMemory(id, "memory_deleted");
	}

}
