package dev.memstore.memory;

import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Timestamps;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The history of a store's memories: every write as an immutable version, readable after
 * the memory is gone, and redactable except for the current version of a live memory.
 * Reads open no transaction of their own, as in {@link MemoryService}.
 */
@Service
@Transactional
public class MemoryVersionService {

	private final MemoryStoreService stores;

	private final MemoryVersionRepository versions;

	private final MemoryRepository memories;

	MemoryVersionService(MemoryStoreService stores, MemoryVersionRepository versions, MemoryRepository memories) {
		this.stores = stores;
		this.versions = versions;
		this.memories = memories;
	}

	/**
	 * Lists versions newest first, one keyset page at a time.
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public ListPage<MemoryVersion> list(String workspaceId, String storeId, MemoryVersionQuery query, PageParams page) {
		String scope = query.cursorScope(storeId);
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		this.stores.requireOwned(workspaceId, storeId);
		List<MemoryVersionRow> rows = this.versions.list(storeId, query, after, page.limit());
		return ListPage.of(rows, page.limit(), (row) -> row.toMemoryVersion(query.view()),
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public MemoryVersion get(String workspaceId, String storeId, String versionId, MemoryView view) {
		return find(workspaceId, storeId, versionId, view == MemoryView.FULL).toMemoryVersion(view);
	}

	/**
	 * Erases the content, path, hash and size of a version, keeping the record that it
	 * existed. Redacting a redacted version returns it unchanged.
	 */
	public MemoryVersion redact(String workspaceId, String storeId, String versionId, Actor redactor) {
		this.stores.lockForContentWrite(workspaceId, storeId);
		MemoryVersionRow version = find(workspaceId, storeId, versionId, false);
		if (version.redactedAt() != null) {
			return version.toMemoryVersion(MemoryView.FULL);
		}
		if (this.memories.isHead(version.memoryId(), versionId)) {
			throw ApiException.invalidRequest("version " + versionId + " is the current version of memory "
					+ version.memoryId() + " and cannot be redacted; write a new version first, or delete the memory");
		}
		MemoryVersionRow redacted = version.redacted(Timestamps.now(), redactor);
		this.versions.redact(redacted);
		return redacted.toMemoryVersion(MemoryView.FULL);
	}

	private MemoryVersionRow find(String workspaceId, String storeId, String versionId, boolean withContent) {
		Optional<MemoryVersionRow> found = this.stores.belongsTo(workspaceId, storeId)
				? this.versions.find(storeId, versionId, withContent) : Optional.empty();
		return found.orElseThrow(() -> {
			this.stores.requireOwned(workspaceId, storeId);
			return ApiException.notFound("no memory version " + versionId + " in memory store " + storeId);
		});
	}

}
