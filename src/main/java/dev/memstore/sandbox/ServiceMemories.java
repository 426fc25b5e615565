package dev.memstore.sandbox;

import java.util.Optional;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.MemoryView;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

/**
 * The stores as the services hold them: each read is a statement of its own, with the
 * same rules as the API.
 */
record ServiceMemories(MemoryService memories, MemoryStoreService stores,
		String workspaceId) implements StoredMemories {

	@Override
	public StoreState state(String storeId) {
		try {
			MemoryStore store = this.stores.get(this.workspaceId, storeId);
			return (store.archivedAt() != null) ? StoreState.ARCHIVED : StoreState.LIVE;
		}
		catch (ApiException ex) {
			if (ex.type() == ApiErrorType.NOT_FOUND) {
				return StoreState.DELETED;
			}
			throw ex;
		}
	}

	@Override
	public Optional<Memory> findByPath(String storeId, String path, MemoryView view) {
		return this.memories.findByPath(this.workspaceId, storeId, path, view);
	}

	@Override
	public Memory get(String storeId, String memoryId) {
		return this.memories.get(this.workspaceId, storeId, memoryId, MemoryView.FULL);
	}

	@Override
	public ListPage<MemoryListItem> list(String storeId, MemoryListQuery query, PageParams page) {
		return this.memories.list(this.workspaceId, storeId, query, page);
	}

}
