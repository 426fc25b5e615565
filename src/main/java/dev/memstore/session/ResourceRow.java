package dev.memstore.session;

/**
 * A row of {@code session_resources}: a resource and its place among the session's.
 */
record ResourceRow(String sessionId, int position, SessionResource resource) {

	static final String MEMORY_STORE = "memory_store";

	String id() {
		return this.resource.id();
	}

	String type() {
		return this.resource.type();
	}

	String memoryStoreId() {
		return (this.resource instanceof SessionResource.MemoryStoreResource store) ? store.memoryStoreId() : null;
	}

}
