package dev.memstore.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.Metadata;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.kernel.WebhookEvent;
import dev.memstore.kernel.WorkspaceQuota;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Memory stores of a workspace. Every method takes the caller's workspace: a store of
 * another workspace is indistinguishable from one that does not exist. A creation, an
 * archiving and a deletion are announced ({@code memory_store.created},
 * {@code .archived}, {@code .deleted}) in their own transaction.
 */
@Service
@Transactional
public class MemoryStoreService {

	static final String ID_PREFIX = "memstore_";

	static final int MAX_NAME_LENGTH = 255;

	static final int MAX_DESCRIPTION_LENGTH = 1024;

	private final MemoryStoreRepository stores;

	private final OwnedStores owned;

	private final StoreWorkspaces workspaces;

	private final WorkspaceQuota quota;

	private final StoreLimits limits;

	private final ApplicationEventPublisher publisher;

	MemoryStoreService(MemoryStoreRepository stores, OwnedStores owned, StoreWorkspaces workspaces,
			WorkspaceQuota quota, StoreLimits limits, ApplicationEventPublisher publisher) {
		this.stores = stores;
		this.owned = owned;
		this.workspaces = workspaces;
		this.quota = quota;
		this.limits = limits;
		this.publisher = publisher;
	}

	public MemoryStore create(String workspaceId, MemoryStoreCreateRequest request) {
		TextRules.requireName("name", request.name(), MAX_NAME_LENGTH);
		String description = (request.description() != null) ? request.description() : "";
		requireValidDescription(description);
		Map<String, String> metadata = Metadata.patch(Map.of(), request.metadata());
		this.quota.requireRoom(workspaceId, "memory stores", this.limits.memoryStoresPerWorkspace(),
				StoreLimits.MEMORY_STORES_PER_WORKSPACE, () -> this.owned.countIn(workspaceId));
		MemoryStoreRow store = MemoryStoreRow.created(Ids.next(ID_PREFIX), workspaceId, request.name(), description,
				metadata, Timestamps.now());
		this.stores.insert(store);
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, store.id(), "memory_store.created"));
		return store.toMemoryStore();
	}

	@Transactional(readOnly = true)
	public MemoryStore get(String workspaceId, String storeId) {
		return find(workspaceId, storeId).toMemoryStore();
	}

	/**
	 * Refuses with {@code not_found_error} unless the workspace owns the store: for reads
	 * of a store's contents, in one statement and in the caller's transaction if there is
	 * one.
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public void requireOwned(String workspaceId, String storeId) {
		if (!Ids.isWellFormed(storeId, ID_PREFIX) || !this.owned.exists(workspaceId, storeId)) {
			throw notFound(storeId);
		}
	}

	/**
	 * The workspace a store belongs to, or empty if there is no such store: remembered
	 * once read, since a store never changes workspace. A store deleted since may still
	 * answer, so a reader that must tell "no such store" apart checks
	 * {@link #requireOwned} when it finds nothing of the store.
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public Optional<String> workspaceOf(String storeId) {
		if (!Ids.isWellFormed(storeId, ID_PREFIX)) {
			return Optional.empty();
		}
		return this.workspaces.of(storeId);
	}

	/**
	 * Whether the store is the workspace's, as {@link #workspaceOf} remembers it: for
	 * reads of a store's contents, which find nothing of a store deleted since.
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public boolean belongsTo(String workspaceId, String storeId) {
		return workspaceOf(storeId).filter(workspaceId::equals).isPresent();
	}

	/**
	 * Those of the ids that name stores of the workspace, in one statement.
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public List<String> ownedAmong(String workspaceId, List<String> storeIds) {
		return storeIds.isEmpty() ? List.of() : this.owned.ownedAmong(workspaceId, storeIds);
	}

	/**
	 * The live memories of a store, exact within the caller's transaction: the database
	 * counts every insert and delete of a memory into the store's row (migration V8), so
	 * a writer holding the store's lock ({@link #lockForContentWrite}) reads a count no
	 * other writer can change before it commits.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int memoryCount(String storeId) {
		return this.owned.memoryCount(storeId);
	}

	/**
	 * The bytes of live memory content in a store, exact within the caller's transaction
	 * as {@link #memoryCount} is (migration V12).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long memoryBytes(String storeId) {
		return this.owned.memoryBytes(storeId);
	}

	public MemoryStore update(String workspaceId, String storeId, MemoryStoreUpdateRequest request) {
		if (request.name() != null) {
			TextRules.requireName("name", request.name(), MAX_NAME_LENGTH);
		}
		if (request.description() != null) {
			requireValidDescription(request.description());
		}
		MemoryStoreRow store = findForUpdate(workspaceId, storeId);
		if (store.isArchived()) {
			throw ApiException
				.invalidRequest("memory store " + storeId + " is archived; archived stores cannot be updated");
		}
		Map<String, String> metadata = Metadata.patch(store.metadata(), request.metadata());
		MemoryStoreRow updated = store.updated((request.name() != null) ? request.name() : store.name(),
				(request.description() != null) ? request.description() : store.description(), metadata,
				Timestamps.now());
		if (updated != store) {
			this.stores.update(updated);
		}
		return updated.toMemoryStore();
	}

	/**
	 * Locks a store for a write to what it contains, until the caller's transaction ends:
	 * writers of one store take turns, so that rules spanning its memories (unique and
	 * non-nested paths, the memory cap, preconditions) hold however many write at once.
	 * @return the store as it is once locked
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public MemoryStore lockForContentWrite(String workspaceId, String storeId) {
		return findForUpdate(workspaceId, storeId).toMemoryStore();
	}

	/**
	 * Lists stores newest first, one keyset page at a time.
	 */
	@Transactional(readOnly = true)
	public ListPage<MemoryStore> list(String workspaceId, boolean includeArchived, CreatedAtRange createdAt,
			PageParams page) {
		String scope = "memory_stores|" + includeArchived + "|" + createdAt.scopeKey();
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		List<MemoryStoreRow> rows = this.stores
			.list(KeysetQuery.newestFirstInWorkspace(workspaceId, includeArchived, createdAt)
				.after(after)
				.limit(page.limit()));
		return ListPage.of(rows, page.limit(), MemoryStoreRow::toMemoryStore,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	/**
	 * Archives a store; archiving an archived store returns it unchanged.
	 */
	public MemoryStore archive(String workspaceId, String storeId) {
		MemoryStoreRow store = findForUpdate(workspaceId, storeId);
		MemoryStoreRow archived = store.archived(Timestamps.now());
		if (archived != store) {
			this.stores.update(archived);
			this.publisher.publishEvent(WebhookEvent.of(workspaceId, storeId, "memory_store.archived"));
		}
		return archived.toMemoryStore();
	}

	/**
	 * Deletes a store with everything it owns.
	 */
	public DeletedMemoryStore delete(String workspaceId, String storeId) {
		if (!Ids.isWellFormed(storeId, ID_PREFIX) || this.stores.deleteOwned(storeId, workspaceId) == 0) {
			throw notFound(storeId);
		}
		this.workspaces.forget(storeId);
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, storeId, "memory_store.deleted"));
		return DeletedMemoryStore.of(storeId);
	}

	private MemoryStoreRow find(String workspaceId, String storeId) {
		if (!Ids.isWellFormed(storeId, ID_PREFIX)) {
			throw notFound(storeId);
		}
		return this.stores.find(storeId, workspaceId, false).orElseThrow(() -> notFound(storeId));
	}

	private MemoryStoreRow findForUpdate(String workspaceId, String storeId) {
		if (!Ids.isWellFormed(storeId, ID_PREFIX)) {
			throw notFound(storeId);
		}
		return this.stores.find(storeId, workspaceId, true).orElseThrow(() -> notFound(storeId));
	}

	private static ApiException notFound(String storeId) {
		return ApiException.notFound("no memory store " + storeId);
	}

	private static void requireValidDescription(String description) {
		TextRules.requireValidText("description", description);
		TextRules.requireLength("description", description, 0, MAX_DESCRIPTION_LENGTH);
	}

}
