package dev.memstore.sandbox;

import java.util.Optional;

import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryView;

/**
 * What the sandbox reads of the stores it mounts, in one workspace: the seam between the
 * file rules of the tools and where memories live. {@link ServiceMemories} reads them
 * through the memory and store services; the tests of the tools' rules use one held in
 * memory.
 */
interface StoredMemories {

	/**
	 * Whether a store can be read and written, only read (archived), or is gone.
	 */
	StoreState state(String storeId);

	/**
	 * The memory at a path, in the given view.
	 */
	Optional<Memory> findByPath(String storeId, String path, MemoryView view);

	/**
	 * A memory by id, with its content.
	 */
	Memory get(String storeId, String memoryId);

	/**
	 * One page of a store's listing, as {@code GET …/memories} answers it.
	 */
	ListPage<MemoryListItem> list(String storeId, MemoryListQuery query, PageParams page);

	enum StoreState {

		LIVE, ARCHIVED, DELETED

	}

}
