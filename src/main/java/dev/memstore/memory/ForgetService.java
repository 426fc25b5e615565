package dev.memstore.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.Timestamps;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgetting a subject: every memory under a path prefix of a store is deleted and every
 * version of it redacted, together with any other version whose path lay under the
 * prefix, in one transaction; a receipt records what was done, by ids only.
 */
@Service
@Transactional
public class ForgetService {

	/**
	 * Memories one forget may delete; a larger subject is forgotten in several steps.
	 */
	static final int MAX_MEMORIES = 10_000;

	private final MemoryStoreService stores;

	private final MemoryService memories;

	private final MemoryRepository memoryRows;

	private final MemoryVersionRepository versions;

	private final ForgetReceiptRepository receipts;

	ForgetService(MemoryStoreService stores, MemoryService memories, MemoryRepository memoryRows,
			MemoryVersionRepository versions, ForgetReceiptRepository receipts) {
		this.stores = stores;
		this.memories = memories;
		this.memoryRows = memoryRows;
		this.versions = versions;
		this.receipts = receipts;
	}

	/**
	 * What {@link #forget} would delete and redact.
	 */
	@Transactional(readOnly = true)
	public ForgetPreview preview(String workspaceId, String storeId, String pathPrefix) {
		List<Memory> found = underPrefix(workspaceId, storeId, pathPrefix);
		int versions = this.versions.forgettable(storeId, found.stream().map(Memory::id).toList(), pathPrefix).size();
		return new ForgetPreview(storeId, pathPrefix, found, versions);
	}

	/**
	 * Deletes every memory under the prefix and redacts every version of them, and of
	 * anything else once stored under it.
	 */
	public ForgetReceipt forget(String workspaceId, String storeId, String pathPrefix, Actor actor) {
		// Locked first, so that no write lands under the prefix while it is forgotten.
		this.stores.lockForContentWrite(workspaceId, storeId);
		List<Memory> found = underPrefix(workspaceId, storeId, pathPrefix);
		List<String> memoryIds = new ArrayList<>();
		for (Memory memory : found) {
			this.memories.delete(workspaceId, storeId, memory.id(), null, actor);
			memoryIds.add(memory.id());
		}
		Instant now = Timestamps.now();
		List<String> versionIds = this.versions.forgettable(storeId, memoryIds, pathPrefix);
		this.versions.redactAll(versionIds, now, actor);
		ForgetReceipt receipt = new ForgetReceipt(Ids.next(ForgetReceipt.ID_PREFIX), ForgetReceipt.TYPE, workspaceId,
				storeId, pathPrefix, memoryIds.size(), versionIds.size(), memoryIds, versionIds, now, actor);
		this.receipts.insert(receipt);
		return receipt;
	}

	@Transactional(readOnly = true)
	public ForgetReceipt receipt(String workspaceId, String receiptId) {
		return this.receipts.find(workspaceId, receiptId)
			.orElseThrow(() -> new ApiException(ApiErrorType.NOT_FOUND, "no forget receipt " + receiptId));
	}

	private List<Memory> underPrefix(String workspaceId, String storeId, String pathPrefix) {
		MemoryPaths.validatePrefix(pathPrefix);
		if (pathPrefix.equals("/")) {
			throw ApiException.invalidRequest("path_prefix must name a directory below /, such as /users/maya/;"
					+ " to forget a whole store, delete the store");
		}
		this.stores.get(workspaceId, storeId);
		List<Memory> found = this.memoryRows
			.range(storeId, pathPrefix, pathPrefix, MemoryPaths.subtreeEnd(pathPrefix), false, false, MAX_MEMORIES + 1)
			.stream()
			.map((row) -> row.toMemory(MemoryView.BASIC))
			.toList();
		if (found.size() > MAX_MEMORIES) {
			throw ApiException.invalidRequest("more than " + MAX_MEMORIES + " memories lie under " + pathPrefix
					+ "; forget its subdirectories one by one");
		}
		return found;
	}

}
