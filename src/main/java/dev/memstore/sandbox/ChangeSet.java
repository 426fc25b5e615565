package dev.memstore.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryContent;
import dev.memstore.memory.MemoryPaths;

/**
 * What one tool call changes in the mounted stores, held back until the call is done: the
 * call runs on what the stores held when it read them, seen through these changes, and
 * nothing is written while it runs, so a slow call holds no database connection or lock.
 * The changes are then saved in the order the call made them, in one transaction, each on
 * the condition that what it changes is still as the call read it
 * ({@link SandboxService#commit}).
 * <p>
 * One operation (a write, a removal, a directory copy) changes the stores entirely or not
 * at all: one refused part way is {@link #rollBackTo rolled back} to the {@link #mark()
 * mark} taken before it, and the call goes on.
 */
public final class ChangeSet {

	/**
	 * Byte order of UTF-8, which is how the database sorts paths ({@code COLLATE "C"}),
	 * and code point order: so the changes merge into a listing in the order it comes.
	 */
	static final Comparator<String> PATH_ORDER = (left, right) -> {
		int i = 0;
		int j = 0;
		while (i < left.length() && j < right.length()) {
			int a = left.codePointAt(i);
			int b = right.codePointAt(j);
			if (a != b) {
				return Integer.compare(a, b);
			}
			i += Character.charCount(a);
			j += Character.charCount(b);
		}
		return Integer.compare(left.length() - i, right.length() - j);
	};

	/**
	 * The most content, in characters, a call may hold back: the changes of a call live
	 * in memory until it is done, so a call copying a whole store would otherwise hold a
	 * gigabyte.
	 */
	static final long MAX_HELD_CHARS = 16L * 1024 * 1024;

	/**
	 * The most changes one call may make: two stores' worth of memories, so that a
	 * directory of a full store can be removed or renamed in one call.
	 */
	static final int MAX_CHANGES = 20_000;

	private static final String PENDING_ID_PREFIX = "mem_pending_";

	private final Map<String, NavigableMap<String, Pending>> byStore = new HashMap<>();

	private final Map<String, Handle> handles = new HashMap<>();

	private final List<Change> changes = new ArrayList<>();

	/**
	 * What each change replaced in the view, newest last, to roll back to a mark.
	 */
	private final List<Replaced> journal = new ArrayList<>();

	private int created;

	private long heldChars;

	/**
	 * Whether the call changed nothing.
	 */
	public boolean isEmpty() {
		return this.changes.isEmpty();
	}

	/**
	 * A point to roll back to, taken before an operation.
	 */
	Mark mark() {
		return new Mark(this.changes.size(), this.journal.size());
	}

	/**
	 * Forgets every change made since the mark.
	 */
	void rollBackTo(Mark mark) {
		for (int i = this.journal.size() - 1; i >= mark.journal(); i--) {
			Replaced replaced = this.journal.remove(i);
			NavigableMap<String, Pending> store = this.byStore.get(replaced.storeId());
			if (replaced.previous() != null) {
				store.put(replaced.path(), replaced.previous());
			}
			else {
				store.remove(replaced.path());
			}
		}
		List<Change> undone = this.changes.subList(mark.changes(), this.changes.size());
		undone.forEach((change) -> this.heldChars -= heldChars(change));
		undone.clear();
	}

	/**
	 * The stores the call changes, in id order: the order their locks are taken, so that
	 * two calls never wait for each other.
	 */
	TreeSet<String> storesChanged() {
		TreeSet<String> stores = new TreeSet<>();
		this.changes.forEach((change) -> stores.add(change.storeId()));
		return stores;
	}

	List<Change> changes() {
		return this.changes;
	}

	// ---- the view through the changes

	/**
	 * What the call made of a path: empty ({@code null}) when it did not touch it, else
	 * the file now there or a removal.
	 */
	Pending at(String storeId, String path) {
		NavigableMap<String, Pending> store = this.byStore.get(storeId);
		return (store != null) ? store.get(path) : null;
	}

	/**
	 * The paths the call touched below a directory prefix, in path order.
	 */
	NavigableMap<String, Pending> below(String storeId, String prefix) {
		NavigableMap<String, Pending> store = this.byStore.get(storeId);
		if (store == null) {
			return new TreeMap<>(PATH_ORDER);
		}
		return store.subMap(prefix, true, MemoryPaths.subtreeEnd(prefix), false);
	}

	// ---- changing

	/**
	 * A new file.
	 * @return the file as the call now sees it
	 */
	Memory create(String storeId, String path, String content) {
		MemoryContent checked = MemoryContent.of(content);
		Handle handle = new Handle(PENDING_ID_PREFIX + (++this.created), null);
		this.handles.put(handle.viewId(), handle);
		Memory memory = memory(handle.viewId(), storeId, path, checked, Instant.now());
		add(new Change.Create(storeId, handle, path, content));
		put(storeId, path, new Pending(memory));
		return memory;
	}

	/**
	 * New content, a new path, or both, for a file the call sees.
	 * @param content the new content, or {@code null} to keep it
	 * @param path the new path, or {@code null} to keep it
	 * @return the file as the call now sees it
	 */
	Memory update(Memory current, String content, String path) {
		MemoryContent checked = (content != null) ? MemoryContent.of(content) : null;
		Handle handle = handleOf(current);
		String newPath = (path != null) ? path : current.path();
		Memory updated = new Memory(current.id(), "memory", current.memoryStoreId(), newPath,
				(checked != null) ? checked.text() : current.content(),
				(checked != null) ? checked.sha256() : current.contentSha256(),
				(checked != null) ? checked.sizeBytes() : current.contentSizeBytes(), current.memoryVersionId(),
				current.createdAt(), Instant.now());
		add(new Change.Update(current.memoryStoreId(), handle, content, path, current.contentSha256()));
		if (!newPath.equals(current.path())) {
			put(current.memoryStoreId(), current.path(), Pending.REMOVED);
		}
		put(current.memoryStoreId(), newPath, new Pending(updated));
		return updated;
	}

	/**
	 * Removes a file the call sees.
	 */
	void delete(Memory current) {
		add(new Change.Delete(current.memoryStoreId(), handleOf(current), current.contentSha256()));
		put(current.memoryStoreId(), current.path(), Pending.REMOVED);
	}

	private void add(Change change) {
		if (this.changes.size() >= MAX_CHANGES) {
			throw new SandboxException("this call changes more than " + MAX_CHANGES
					+ " files, the most one call may; change fewer at once");
		}
		long chars = heldChars(change);
		if (this.heldChars + chars > MAX_HELD_CHARS) {
			throw new SandboxException("this call writes more than " + (MAX_HELD_CHARS / (1024 * 1024))
					+ " MB of content, the most one call may; write fewer files at once");
		}
		this.changes.add(change);
		this.heldChars += chars;
	}

	private static long heldChars(Change change) {
		String content = null;
		if (change instanceof Change.Create create) {
			content = create.content();
		}
		else if (change instanceof Change.Update update) {
			content = update.content();
		}
		return (content != null) ? content.length() : 0;
	}

	private Handle handleOf(Memory memory) {
		return this.handles.computeIfAbsent(memory.id(), (id) -> new Handle(id, id));
	}

	private void put(String storeId, String path, Pending pending) {
		Pending previous = this.byStore.computeIfAbsent(storeId, (id) -> new TreeMap<>(PATH_ORDER)).put(path, pending);
		this.journal.add(new Replaced(storeId, path, previous));
	}

	private static Memory memory(String id, String storeId, String path, MemoryContent content, Instant now) {
		return new Memory(id, "memory", storeId, path, content.text(), content.sha256(), content.sizeBytes(), null, now,
				now);
	}

	record Mark(int changes, int journal) {

	}

	private record Replaced(String storeId, String path, Pending previous) {

	}

	/**
	 * A path the call touched: the file now there (with its content), or
	 * {@link #REMOVED}.
	 */
	record Pending(Memory memory) {

		static final Pending REMOVED = new Pending(null);

		boolean isRemoved() {
			return this.memory == null;
		}

	}

	/**
	 * A memory a change applies to: one that existed when the call read it, or one the
	 * call created, whose id is known only once it is saved.
	 */
	static final class Handle {

		private final String viewId;

		private String memoryId;

		Handle(String viewId, String memoryId) {
			this.viewId = viewId;
			this.memoryId = memoryId;
		}

		String viewId() {
			return this.viewId;
		}

		String memoryId() {
			return this.memoryId;
		}

		void saved(String memoryId) {
			this.memoryId = memoryId;
		}

	}

	/**
	 * One change, as the call made it.
	 */
	sealed interface Change {

		String storeId();

		record Create(String storeId, Handle handle, String path, String content) implements Change {

		}

		/**
		 * @param expectedSha256 the content hash the call saw: the change is saved only
		 * if the memory still has it
		 */
		record Update(String storeId, Handle handle, String content, String path,
				String expectedSha256) implements Change {

		}

		record Delete(String storeId, Handle handle, String expectedSha256) implements Change {

		}

	}

}
