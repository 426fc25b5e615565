package dev.memstore.memory;

import dev.memstore.kernel.CreatedAtRange;

/**
 * The filters of a version listing; they combine with AND, and a {@code null} filter is
 * absent.
 *
 * @param memoryId versions of this memory, also after its deletion
 * @param sessionId versions written by this session
 * @param apiKeyId versions written with this API key
 * @param serviceAccountId versions written by this service account (memstore records
 * none)
 * @param view basic (the default) or full
 */
public record MemoryVersionQuery(String memoryId, MemoryVersionOperation operation, String sessionId, String apiKeyId,
		String serviceAccountId, CreatedAtRange createdAt, MemoryView view) {

	/**
	 * Reads the query parameters of a version listing, refusing any value the API does
	 * not define.
	 */
	public static MemoryVersionQuery parse(String memoryId, String operation, String sessionId, String apiKeyId,
			String serviceAccountId, CreatedAtRange createdAt, String view) {
		return new MemoryVersionQuery(memoryId, (operation != null) ? MemoryVersionOperation.parse(operation) : null,
				sessionId, apiKeyId, serviceAccountId, createdAt, MemoryView.parse(view, MemoryView.BASIC));
	}

	String cursorScope(String storeId) {
		return "memory_versions|" + storeId + "|" + this.memoryId + "|" + this.operation + "|" + this.sessionId + "|"
				+ this.apiKeyId + "|" + this.serviceAccountId + "|" + this.createdAt.scopeKey();
	}

}
