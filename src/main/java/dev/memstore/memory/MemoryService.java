package dev.memstore.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Timestamps;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Memories of a store. Every write locks the store first, so the rules that span memories
 * hold under concurrent writers, and writes exactly one version; writes through the API
 * and through a session's mount differ only in the {@link Actor} recorded. Reads are
 * independent statements, which at read committed a transaction would not make any more
 * consistent, so they join the caller's transaction if there is one and open none.
 */
@Service
@Transactional
public class MemoryService {

	static final String ID_PREFIX = "mem_";

	static final String VERSION_PREFIX = "memver_";

	private static final String CURSOR_MEMORY = "m";

	private static final String CURSOR_PREFIX = "p";

	private static final int MIRROR_PAGE = 100;

	private static final String ROOT = "/";

	private final MemoryStoreService stores;

	private final MemoryRepository memories;

	private final MemoryVersionRepository versions;

	private final MemoryLimits limits;

	private final MemoryWriteMetrics writeMetrics;

	MemoryService(MemoryStoreService stores, MemoryRepository memories, MemoryVersionRepository versions,
			MemoryLimits limits, MemoryWriteMetrics writeMetrics) {
		this.stores = stores;
		this.memories = memories;
		this.versions = versions;
		this.limits = limits;
		this.writeMetrics = writeMetrics;
	}

	/**
	 * Creates a memory; never overwrites one.
	 */
	public Memory create(String workspaceId, String storeId, MemoryCreateRequest request, Actor author,
			MemoryView view) {
		MemoryPaths.validate("path", request.path());
		MemoryContent content = MemoryContent.of(request.content());
		lockWritableStore(workspaceId, storeId);
		rejectCollision(storeId, request.path(), "");
		int count = this.stores.memoryCount(storeId);
		long bytes = this.limits.countsBytes() ? this.stores.memoryBytes(storeId) : 0;
		this.limits.requireRoom(storeId, count, count + 1, bytes, bytes + content.sizeBytes());
		Instant now = Timestamps.now();
		MemoryRow memory = new MemoryRow(Ids.next(ID_PREFIX), storeId, request.path(), content.text(), content.sha256(),
				content.sizeBytes(), Ids.next(VERSION_PREFIX), now, now);
		this.memories.insert(memory);
		insertVersion(versionOf(memory, MemoryVersionOperation.CREATED, author));
		return memory.toMemory(view);
	}

	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public Memory get(String workspaceId, String storeId, String memoryId, MemoryView view) {
		return find(workspaceId, storeId, memoryId, view == MemoryView.FULL).toMemory(view);
	}

	/**
	 * The memory at a path, for readers that name memories by path rather than by id,
	 * such as a session's mounted view.
	 * @return empty when no memory has exactly this path (a directory of memories is not
	 * one)
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public Optional<Memory> findByPath(String workspaceId, String storeId, String path, MemoryView view) {
		this.stores.requireOwned(workspaceId, storeId);
		return this.memories.findByPath(storeId, path, view == MemoryView.FULL).map((row) -> row.toMemory(view));
	}

	/**
	 * Changes the content, the path, or both. An update that changes nothing writes no
	 * version; a precondition that no longer matches is refused, unless the memory
	 * already is exactly as requested (a retried update).
	 */
	public Memory update(String workspaceId, String storeId, String memoryId, MemoryUpdateRequest request, Actor author,
			MemoryView view) {
		if (request.path() != null) {
			MemoryPaths.validate("path", request.path());
		}
		MemoryContent newContent = (request.content() != null) ? MemoryContent.of(request.content()) : null;
		String expectedSha256 = requiredHash(request.precondition());
		MemoryStore store = this.stores.lockForContentWrite(workspaceId, storeId);
		MemoryRow current = find(workspaceId, storeId, memoryId, true);
		requireNotArchived(store);
		String path = (request.path() != null) ? request.path() : current.path();
		MemoryContent content = (newContent != null) ? newContent
				: new MemoryContent(current.content(), current.sha256(), current.sizeBytes());
		boolean unchanged = path.equals(current.path()) && content.text().equals(current.content());
		if (expectedSha256 != null && !expectedSha256.equals(current.sha256()) && !unchanged) {
			throw preconditionFailed(memoryId);
		}
		if (unchanged) {
			return current.toMemory(view);
		}
		if (!path.equals(current.path())) {
			rejectCollision(storeId, path, memoryId);
		}
		if (content.sizeBytes() > current.sizeBytes() && this.limits.countsBytes()) {
			long bytes = this.stores.memoryBytes(storeId);
			this.limits.requireRoom(storeId, 0, 0, bytes, bytes - current.sizeBytes() + content.sizeBytes());
		}
		MemoryRow updated = new MemoryRow(memoryId, storeId, path, content.text(), content.sha256(),
				content.sizeBytes(), Ids.next(VERSION_PREFIX), current.createdAt(), Timestamps.now());
		this.memories.update(updated);
		insertVersion(versionOf(updated, MemoryVersionOperation.MODIFIED, author));
		return updated.toMemory(view);
	}

	/**
	 * Deletes a memory, recording a {@code deleted} version; its history stays.
	 * @param expectedSha256 when given, the memory is deleted only if its content still
	 * has this hash
	 */
	public DeletedMemory delete(String workspaceId, String storeId, String memoryId, String expectedSha256,
			Actor author) {
		if (expectedSha256 != null) {
			MemoryContent.requireSha256("expected_content_sha256", expectedSha256);
		}
		this.stores.lockForContentWrite(workspaceId, storeId);
		MemoryRow current = find(workspaceId, storeId, memoryId, false);
		if (expectedSha256 != null && !expectedSha256.equals(current.sha256())) {
			throw preconditionFailed(memoryId);
		}
		this.memories.delete(memoryId);
		MemoryVersionRow deletion = new MemoryVersionRow(Ids.next(VERSION_PREFIX), storeId, memoryId,
				MemoryVersionOperation.DELETED, current.path(), null, null, null, Timestamps.now(), author, null, null,
				null);
		insertVersion(deletion);
		return DeletedMemory.of(memoryId);
	}

	/**
	 * Makes a store hold exactly what another store of the workspace holds, in one
	 * transaction: a memory the target lacks is created, one whose content differs is
	 * modified, one the source lacks is deleted, and a memory already the same is left
	 * alone. Every version written names the source version it copies
	 * ({@link CopiedFrom}); nothing is rewritten. The source is read a page at a time, so
	 * a large store never sits in memory whole.
	 * @return how many memories were created, modified and deleted
	 */
	public MirrorResult mirror(String workspaceId, String sourceStoreId, String targetStoreId, Actor author) {
		lockWritableStore(workspaceId, targetStoreId);
		this.stores.requireOwned(workspaceId, sourceStoreId);
		int countBefore = this.stores.memoryCount(targetStoreId);
		long bytesBefore = this.stores.memoryBytes(targetStoreId);
		Map<String, MemoryRow> target = new HashMap<>();
		for (MemoryRow row : allRows(targetStoreId)) {
			target.put(row.path(), row);
		}
		Set<String> sourcePaths = new HashSet<>();
		for (MemoryRow row : allRows(sourceStoreId)) {
			sourcePaths.add(row.path());
		}
		int deleted = 0;
		for (MemoryRow row : target.values()) {
			if (!sourcePaths.contains(row.path())) {
				this.memories.delete(row.id());
				insertVersion(new MemoryVersionRow(Ids.next(VERSION_PREFIX), targetStoreId, row.id(),
						MemoryVersionOperation.DELETED, row.path(), null, null, null, Timestamps.now(), author, null,
						null, null));
				deleted++;
			}
		}
		int created = 0;
		int modified = 0;
		String from = ROOT;
		while (true) {
			List<MemoryRow> page = this.memories.range(sourceStoreId, ROOT, from, MemoryPaths.subtreeEnd(ROOT), false,
					true, MIRROR_PAGE);
			for (MemoryRow source : page) {
				MemoryRow current = target.get(source.path());
				CopiedFrom copiedFrom = new CopiedFrom(sourceStoreId, source.versionId());
				Instant now = Timestamps.now();
				if (current == null) {
					MemoryRow memory = new MemoryRow(Ids.next(ID_PREFIX), targetStoreId, source.path(),
							source.content(), source.sha256(), source.sizeBytes(), Ids.next(VERSION_PREFIX), now, now);
					this.memories.insert(memory);
					insertVersion(versionOf(memory, MemoryVersionOperation.CREATED, author, copiedFrom));
					created++;
				}
				else if (!current.sha256().equals(source.sha256())) {
					MemoryRow memory = new MemoryRow(current.id(), targetStoreId, source.path(), source.content(),
							source.sha256(), source.sizeBytes(), Ids.next(VERSION_PREFIX), current.createdAt(), now);
					this.memories.update(memory);
					insertVersion(versionOf(memory, MemoryVersionOperation.MODIFIED, author, copiedFrom));
					modified++;
				}
			}
			if (page.size() < MIRROR_PAGE) {
				// The store's limits hold for the copy as a whole; refusing rolls it all
				// back.
				this.limits.requireRoom(targetStoreId, countBefore, this.stores.memoryCount(targetStoreId), bytesBefore,
						this.stores.memoryBytes(targetStoreId));
				return new MirrorResult(created, modified, deleted);
			}
			from = MemoryPaths.successor(page.get(page.size() - 1).path());
		}
	}

	/**
	 * Every memory of a store in path order, without content; a store holds at most
	 * {@code memstore.limits.memories-per-store} of them.
	 */
	private List<MemoryRow> allRows(String storeId) {
		return this.memories.range(storeId, ROOT, ROOT, MemoryPaths.subtreeEnd(ROOT), false, false, Integer.MAX_VALUE);
	}

	/**
	 * What {@link #mirror} changed.
	 */
	public record MirrorResult(int created, int modified, int deleted) {

	}

	/**
	 * What each of a workspace's stores holds, in one query; ids of other workspaces'
	 * stores are left out.
	 */
	@Transactional(readOnly = true)
	public Map<String, StoreContents> contents(String workspaceId, List<String> storeIds) {
		return this.memories.contents(this.stores.ownedAmong(workspaceId, storeIds));
	}

	/**
	 * Lists a store's memories in byte-wise path order, one keyset page at a time; with
	 * {@code depth=1}, deeper paths are rolled up into one {@link MemoryPrefix} per
	 * subdirectory.
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public ListPage<MemoryListItem> list(String workspaceId, String storeId, MemoryListQuery query, PageParams page) {
		PageParams pageSize = (query.view() == MemoryView.FULL) ? page.capLimit(MemoryListQuery.FULL_VIEW_PAGE_LIMIT)
				: page;
		String scope = query.cursorScope(storeId);
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		this.stores.requireOwned(workspaceId, storeId);
		String prefix = query.pathPrefix();
		String from = prefix;
		String before = MemoryPaths.subtreeEnd(prefix);
		if (after != null) {
			boolean afterDirectory = after.get(0).equals(CURSOR_PREFIX);
			String afterPath = after.get(1);
			if (query.descending()) {
				before = afterPath;
			}
			else {
				from = afterDirectory ? MemoryPaths.subtreeEnd(afterPath) : MemoryPaths.successor(afterPath);
			}
		}
		boolean withContent = query.view() == MemoryView.FULL;
		int rows = pageSize.limit() + 1;
		List<MemoryListItem> items;
		if (query.directChildrenOnly()) {
			List<MemoryRepository.WalkStep> steps = this.memories.walk(storeId, prefix,
					query.descending() ? before : from, query.descending(), withContent, rows);
			items = steps.stream()
				.map((step) -> (step.directChild() != null) ? (MemoryListItem) step.directChild().toMemory(query.view())
						: MemoryPrefix.of(directoryOf(prefix, step.found())))
				.toList();
		}
		else {
			items = this.memories.range(storeId, prefix, from, before, query.descending(), withContent, rows)
				.stream()
				.map((row) -> (MemoryListItem) row.toMemory(query.view()))
				.toList();
		}
		return ListPage.of(items, pageSize.limit(), (item) -> item, (last) -> PageCursor.encode(scope,
				List.of((last instanceof MemoryPrefix) ? CURSOR_PREFIX : CURSOR_MEMORY, last.path())));
	}

	/**
	 * A memory of a store of the workspace; the store's workspace is remembered, so this
	 * is one statement, and a miss asks whether the store exists to say which is missing.
	 */
	private MemoryRow find(String workspaceId, String storeId, String memoryId, boolean withContent) {
		Optional<MemoryRow> found = this.stores.belongsTo(workspaceId, storeId)
				? this.memories.find(storeId, memoryId, withContent) : Optional.empty();
		return found.orElseThrow(() -> {
			this.stores.requireOwned(workspaceId, storeId);
			return ApiException.notFound("no memory " + memoryId + " in memory store " + storeId);
		});
	}

	private void lockWritableStore(String workspaceId, String storeId) {
		requireNotArchived(this.stores.lockForContentWrite(workspaceId, storeId));
	}

	private static void requireNotArchived(MemoryStore store) {
		if (store.archivedAt() != null) {
			throw ApiException.invalidRequest("memory store " + store.id()
					+ " is archived; its memories can be read and deleted, but not created or changed");
		}
	}

	/**
	 * Refuses a path that another memory holds, or that is an ancestor or descendant of
	 * another memory's path, naming the first such memory in byte order.
	 */
	private void rejectCollision(String storeId, String path, String exceptMemoryId) {
		this.memories.firstCollision(storeId, path, exceptMemoryId).ifPresent((other) -> {
			String relation = other.path().equals(path) ? "a memory already exists at " + path
					: (other.path().length() < path.length())
							? other.path() + " is a memory, so " + path + " cannot be created below it"
							: "memories exist below " + path + " (such as " + other.path()
									+ "), so it cannot be a memory itself";
			throw new ApiException(ApiErrorType.MEMORY_PATH_CONFLICT, relation)
				.with("conflicting_memory_id", other.id())
				.with("conflicting_path", other.path());
		});
	}

	private static String requiredHash(MemoryUpdateRequest.Precondition precondition) {
		if (precondition == null) {
			return null;
		}
		if (!"content_sha256".equals(precondition.type())) {
			throw ApiException
				.invalidRequest("precondition.type must be content_sha256, got '" + precondition.type() + "'");
		}
		if (precondition.contentSha256() == null) {
			throw ApiException.invalidRequest("precondition.content_sha256 is required");
		}
		MemoryContent.requireSha256("precondition.content_sha256", precondition.contentSha256());
		return precondition.contentSha256();
	}

	private static ApiException preconditionFailed(String memoryId) {
		return new ApiException(ApiErrorType.MEMORY_PRECONDITION_FAILED,
				"the content of memory " + memoryId + " no longer has the expected SHA-256");
	}

	/**
	 * The one place a version is written, so that every write is counted.
	 */
	private void insertVersion(MemoryVersionRow version) {
		this.versions.insert(version);
		this.writeMetrics.written(version);
	}

	private static MemoryVersionRow versionOf(MemoryRow memory, MemoryVersionOperation operation, Actor author) {
		return versionOf(memory, operation, author, null);
	}

	private static MemoryVersionRow versionOf(MemoryRow memory, MemoryVersionOperation operation, Actor author,
			CopiedFrom copiedFrom) {
		return new MemoryVersionRow(memory.versionId(), memory.storeId(), memory.id(), operation, memory.path(),
				memory.content(), memory.sha256(), memory.sizeBytes(), memory.updatedAt(), author, null, null,
				copiedFrom);
	}

	/**
	 * The subdirectory of {@code prefix} that holds {@code path}, with its trailing
	 * slash.
	 */
	private static String directoryOf(String prefix, String path) {
		String rest = path.substring(prefix.length());
		return prefix + rest.substring(0, rest.indexOf('/') + 1);
	}

}
