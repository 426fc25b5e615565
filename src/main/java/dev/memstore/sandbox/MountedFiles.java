package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.memstore.api.ApiErrorType;
import dev.memstore.api.ApiException;
import dev.memstore.api.ListPage;
import dev.memstore.api.PageParams;
import dev.memstore.memory.Actor;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryCreateRequest;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryPaths;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.MemoryUpdateRequest;
import dev.memstore.memory.MemoryView;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The file system one tool call sees: {@code /mnt/memory} holding one directory per
 * mount, each file a memory of the mounted store, directories implied by memory paths.
 * Reads and writes go through {@link MemoryService} as the session; a write checks the
 * mount first (read-only, archived or deleted store, outside any mount) and runs in one
 * transaction that holds the store's lock, so a refused write changes nothing, and a
 * directory rename or removal happens entirely or not at all.
 */
final class MountedFiles {

	private static final int PAGE_SIZE = PageParams.MAX_LIMIT;

	private final MemoryService memories;

	private final MemoryStoreService stores;

	private final TransactionTemplate transactions;

	private final String workspaceId;

	private final Actor actor;

	private final List<Mount> mounts;

	private final Map<String, StoreState> states = new HashMap<>();

	private final ToolBudget budget;

	MountedFiles(MemoryService memories, MemoryStoreService stores, TransactionTemplate transactions,
			String workspaceId, String sessionId, List<Mount> mounts, ToolBudget budget) {
		this.memories = memories;
		this.stores = stores;
		this.transactions = transactions;
		this.workspaceId = workspaceId;
		this.actor = Actor.session(sessionId);
		this.mounts = List.copyOf(mounts);
		this.budget = budget;
	}

	/**
	 * The budget of the call these files serve: whatever loops over them checks it.
	 */
	ToolBudget budget() {
		return this.budget;
	}

	List<Mount> mounts() {
		return this.mounts;
	}

	Location locate(String path, String workingDirectory) {
		return SandboxPaths.resolve(path, workingDirectory, this.mounts);
	}

	Location locateAbsolute(String absolutePath) {
		return SandboxPaths.locate(absolutePath, this.mounts);
	}

	// ---- reading

	Node stat(Location location) {
		if (location instanceof Location.MountsRoot) {
			return new Node(location, Kind.DIRECTORY, null);
		}
		if (location instanceof Location.InMount in) {
			return statInMount(in);
		}
		return new Node(location, Kind.MISSING, null);
	}

	private Node statInMount(Location.InMount in) {
		if (in.isMountPoint()) {
			return new Node(in, Kind.DIRECTORY, null);
		}
		if (state(in.mount()) == StoreState.DELETED || !isValidMemoryPath(in.memoryPath())) {
			return new Node(in, Kind.MISSING, null);
		}
		Memory memory = this.memories
			.findByPath(this.workspaceId, in.mount().memoryStoreId(), in.memoryPath(), MemoryView.BASIC)
			.orElse(null);
		if (memory != null) {
			return new Node(in, Kind.FILE, memory);
		}
		return new Node(in, hasEntriesBelow(in) ? Kind.DIRECTORY : Kind.MISSING, null);
	}

	/**
	 * The content of a file.
	 */
	Memory read(Location location) {
		if (location instanceof Location.InMount in && !in.isMountPoint() && state(in.mount()) != StoreState.DELETED
				&& isValidMemoryPath(in.memoryPath())) {
			Memory memory = find(in, MemoryView.FULL);
			if (memory != null) {
				return memory;
			}
		}
		if (stat(location).kind() == Kind.DIRECTORY) {
			throw new SandboxException(location.path(), SandboxException.IS_DIRECTORY, null);
		}
		throw SandboxException.notFound(location.path());
	}

	/**
	 * The entries of a directory in byte order of their names; a file lists as itself.
	 */
	List<Entry> list(Location location) {
		Node node = stat(location);
		switch (node.kind()) {
			case MISSING -> throw SandboxException.notFound(location.path());
			case FILE -> {
				return List.of(new Entry(SandboxPaths.name(location.path()), location.path(), false, node.memory()));
			}
			default -> {
			}
		}
		if (location instanceof Location.MountsRoot) {
			List<Entry> entries = new ArrayList<>();
			for (Mount mount : this.mounts) {
				entries.add(new Entry(SandboxPaths.name(mount.mountPath()), mount.mountPath(), true, null));
			}
			entries.sort(Comparator.comparing(Entry::name));
			return entries;
		}
		Location.InMount in = (Location.InMount) location;
		List<Entry> entries = new ArrayList<>();
		if (state(in.mount()) == StoreState.DELETED) {
			return entries;
		}
		pages(in, new MemoryListQuery(in.directoryPrefix(), true, false, MemoryView.BASIC), (item) -> {
			String path = in.mount().mountPath() + trimSlash(item.path());
			entries.add(new Entry(SandboxPaths.name(path), path, !(item instanceof Memory),
					(item instanceof Memory memory) ? memory : null));
			return true;
		});
		return entries;
	}

	/**
	 * Visits every file at or below a location in path order, until the visitor returns
	 * {@code false}.
	 * @param withContent whether the visited memories carry their content
	 */
	void walk(Location location, boolean withContent, Predicate<StoredFile> visitor) {
		Node node = stat(location);
		switch (node.kind()) {
			case MISSING -> throw SandboxException.notFound(location.path());
			case FILE -> visitor.test(new StoredFile(location.path(), withContent ? read(location) : node.memory()));
			case DIRECTORY -> {
				if (location instanceof Location.MountsRoot) {
					List<Mount> sorted = new ArrayList<>(this.mounts);
					sorted.sort(Comparator.comparing(Mount::mountPath));
					boolean going = true;
					for (int i = 0; i < sorted.size() && going; i++) {
						going = walkDirectory(new Location.InMount(sorted.get(i).mountPath(), sorted.get(i), "/"),
								withContent, visitor);
					}
				}
				else {
					walkDirectory((Location.InMount) location, withContent, visitor);
				}
			}
		}
	}

	private boolean walkDirectory(Location.InMount in, boolean withContent, Predicate<StoredFile> visitor) {
		if (state(in.mount()) == StoreState.DELETED) {
			return true;
		}
		return pages(in,
				new MemoryListQuery(in.directoryPrefix(), false, false,
						withContent ? MemoryView.FULL : MemoryView.BASIC),
				(item) -> visitor.test(new StoredFile(in.mount().mountPath() + item.path(), (Memory) item)));
	}

	/**
	 * Whether the store behind a mount was deleted: it then reads as empty.
	 */
	boolean isDeleted(Mount mount) {
		return state(mount) == StoreState.DELETED;
	}

	// ---- writing

	/**
	 * Creates a file or replaces its content.
	 * @return whether a new memory was created
	 */
	boolean write(Location location, String content) {
		Location.InMount target = writable(location);
		requireNotMountPoint(target);
		return inTransaction(target.path(), () -> {
			lock(List.of(target));
			MemoryPaths.validate("path", target.memoryPath());
			Memory existing = find(target, MemoryView.BASIC);
			if (existing != null) {
				this.memories.update(this.workspaceId, storeOf(target), existing.id(),
						new MemoryUpdateRequest(content, null, null), this.actor, MemoryView.BASIC);
				return false;
			}
			requireNoEntriesBelow(target);
			this.memories.create(this.workspaceId, storeOf(target),
					new MemoryCreateRequest(target.memoryPath(), content), this.actor, MemoryView.BASIC);
			return true;
		});
	}

	/**
	 * Changes a file's content, with the content read as the precondition of the write.
	 */
	Memory edit(Location location, UnaryOperator<String> change) {
		Location.InMount target = writable(location);
		requireNotMountPoint(target);
		return inTransaction(target.path(), () -> {
			lock(List.of(target));
			Memory current = existingFile(target);
			String content = change.apply(current.content());
			return this.memories.update(this.workspaceId, storeOf(target), current.id(),
					new MemoryUpdateRequest(content, null,
							new MemoryUpdateRequest.Precondition("content_sha256", current.contentSha256())),
					this.actor, MemoryView.FULL);
		});
	}

	/**
	 * Appends to a file, creating it if missing.
	 */
	void append(Location location, String text) {
		Location.InMount target = writable(location);
		requireNotMountPoint(target);
		inTransaction(target.path(), () -> {
			lock(List.of(target));
			MemoryPaths.validate("path", target.memoryPath());
			Memory existing = find(target, MemoryView.FULL);
			if (existing != null) {
				this.memories.update(this.workspaceId, storeOf(target), existing.id(),
						new MemoryUpdateRequest(existing.content() + text, null,
								new MemoryUpdateRequest.Precondition("content_sha256", existing.contentSha256())),
						this.actor, MemoryView.BASIC);
			}
			else {
				requireNoEntriesBelow(target);
				this.memories.create(this.workspaceId, storeOf(target),
						new MemoryCreateRequest(target.memoryPath(), text), this.actor, MemoryView.BASIC);
			}
			return null;
		});
	}

	/**
	 * Creates an empty file unless something exists at the path.
	 */
	void touch(Location location) {
		Location.InMount target = writable(location);
		inTransaction(target.path(), () -> {
			lock(List.of(target));
			if (stat(target).kind() == Kind.MISSING) {
				MemoryPaths.validate("path", target.memoryPath());
				this.memories.create(this.workspaceId, storeOf(target),
						new MemoryCreateRequest(target.memoryPath(), ""), this.actor, MemoryView.BASIC);
			}
			return null;
		});
	}

	/**
	 * Accepts a new directory without storing anything: directories exist while files are
	 * below them.
	 */
	void makeDirectory(Location location, boolean parents) {
		Node node = stat(location);
		if (node.kind() != Kind.MISSING) {
			if (parents && node.kind() == Kind.DIRECTORY) {
				return;
			}
			throw new SandboxException(location.path(), "File exists", null);
		}
		Location.InMount target = writable(location);
		inTransaction(target.path(), () -> {
			lock(List.of(target));
			MemoryPaths.validate("path", target.memoryPath());
			String path = target.memoryPath();
			for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
				Location ancestor = locateAbsolute(target.mount().mountPath() + path.substring(0, slash));
				if (stat(ancestor).kind() == Kind.FILE) {
					throw new SandboxException(location.path(), SandboxException.NOT_DIRECTORY,
							ancestor.path() + " is a file");
				}
			}
			return null;
		});
	}

	/**
	 * Deletes a file, or with {@code recursive} a directory and everything below it.
	 * @return how many memories were deleted
	 */
	int remove(Location location, boolean recursive) {
		Location.InMount target = writable(location);
		if (target.isMountPoint()) {
			throw new SandboxException(location.path(),
					recursive ? SandboxException.BUSY : SandboxException.IS_DIRECTORY,
					recursive ? "a mount point cannot be removed; remove what is inside it" : null);
		}
		return inTransaction(target.path(), () -> {
			lock(List.of(target));
			Node node = stat(target);
			switch (node.kind()) {
				case MISSING -> throw SandboxException.notFound(location.path());
				case FILE -> {
					this.memories.delete(this.workspaceId, storeOf(target), node.memory().id(), null, this.actor);
					return 1;
				}
				default -> {
					if (!recursive) {
						throw new SandboxException(location.path(), SandboxException.IS_DIRECTORY, null);
					}
					List<Memory> below = filesBelow(target, MemoryView.BASIC);
					for (Memory memory : below) {
						this.memories.delete(this.workspaceId, storeOf(target), memory.id(), null, this.actor);
					}
					return below.size();
				}
			}
		});
	}

	/**
	 * Renames a file or a directory, as {@code mv} does: into {@code to} when it is a
	 * directory, replacing a file at the destination. Within one store every memory keeps
	 * its id; between stores the files are created in the destination and deleted from
	 * the source.
	 */
	void move(Location from, Location to) {
		transfer(from, to, true, true);
	}

	/**
	 * Copies a file, or with {@code recursive} a directory, as {@code cp} does.
	 */
	void copy(Location from, Location to, boolean recursive) {
		transfer(from, to, false, recursive);
	}

	private void transfer(Location from, Location to, boolean move, boolean recursive) {
		Location.InMount source = move ? writable(from) : null;
		Node sourceNode = stat(from);
		if (sourceNode.kind() == Kind.MISSING) {
			throw SandboxException.notFound(from.path());
		}
		if (sourceNode.kind() == Kind.DIRECTORY && !recursive) {
			throw new SandboxException(from.path(), SandboxException.IS_DIRECTORY,
					"-r not specified; omitting directory");
		}
		if (move && source.isMountPoint()) {
			throw new SandboxException(from.path(), SandboxException.BUSY, "a mount point cannot be moved");
		}
		Location destination = to;
		if (stat(to).kind() == Kind.DIRECTORY) {
			destination = locateAbsolute(SandboxPaths.child(to.path(), SandboxPaths.name(from.path())));
		}
		Location.InMount target = writable(destination);
		if (target.path().equals(from.path())) {
			throw new SandboxException("'" + from.path() + "' and '" + target.path() + "' are the same file");
		}
		if (sourceNode.kind() == Kind.DIRECTORY && target.path().startsWith(from.path() + "/")) {
			throw new SandboxException("cannot " + (move ? "move" : "copy") + " '" + from.path()
					+ "' to a subdirectory of itself, '" + target.path() + "'");
		}
		List<Location.InMount> locked = new ArrayList<>();
		locked.add(target);
		if (source != null) {
			locked.add(source);
		}
		inTransaction(target.path(), () -> {
			lock(locked);
			Node sourceNow = stat(from);
			Node targetNow = stat(target);
			if (sourceNow.kind() == Kind.FILE) {
				if (targetNow.kind() == Kind.DIRECTORY) {
					throw new SandboxException(target.path(), SandboxException.IS_DIRECTORY,
							"cannot overwrite a directory with a file");
				}
				Memory content = move ? sourceNow.memory() : read(from);
				transferOne((Location.InMount) from, content, target, targetNow, move);
				return null;
			}
			if (sourceNow.kind() == Kind.MISSING) {
				throw SandboxException.notFound(from.path());
			}
			if (targetNow.kind() == Kind.FILE) {
				throw new SandboxException(target.path(), SandboxException.NOT_DIRECTORY,
						"cannot overwrite a file with a directory");
			}
			if (targetNow.kind() == Kind.DIRECTORY) {
				throw new SandboxException(target.path(), "Directory not empty", null);
			}
			List<StoredFile> files = new ArrayList<>();
			walk(from, !move, files::add);
			for (StoredFile file : files) {
				Location.InMount fileSource = (Location.InMount) locateAbsolute(file.path());
				Location.InMount fileTarget = (Location.InMount) locateAbsolute(
						target.path() + file.path().substring(from.path().length()));
				transferOne(fileSource, file.memory(), fileTarget, new Node(fileTarget, Kind.MISSING, null), move);
			}
			return null;
		});
	}

	/**
	 * Moves or copies one memory onto a path that is free or holds a file.
	 * @param memory the source memory; with content unless it is renamed within its store
	 */
	private void transferOne(Location.InMount source, Memory memory, Location.InMount target, Node targetNode,
			boolean move) {
		MemoryPaths.validate("path", target.memoryPath());
		boolean sameStore = storeOf(source).equals(storeOf(target));
		if (move && sameStore) {
			if (targetNode.kind() == Kind.FILE) {
				this.memories.delete(this.workspaceId, storeOf(target), targetNode.memory().id(), null, this.actor);
			}
			this.memories.update(this.workspaceId, storeOf(source), memory.id(),
					new MemoryUpdateRequest(null, target.memoryPath(), null), this.actor, MemoryView.BASIC);
			return;
		}
		String content = (memory.content() != null) ? memory.content()
				: this.memories.get(this.workspaceId, storeOf(source), memory.id(), MemoryView.FULL).content();
		if (targetNode.kind() == Kind.FILE) {
			this.memories.update(this.workspaceId, storeOf(target), targetNode.memory().id(),
					new MemoryUpdateRequest(content, null, null), this.actor, MemoryView.BASIC);
		}
		else {
			this.memories.create(this.workspaceId, storeOf(target),
					new MemoryCreateRequest(target.memoryPath(), content), this.actor, MemoryView.BASIC);
		}
		if (move) {
			this.memories.delete(this.workspaceId, storeOf(source), memory.id(), null, this.actor);
		}
	}

	/**
	 * Checks, before any store is touched, that a location may be written at all: it must
	 * be in a mount that is not read-only.
	 */
	Location.InMount writable(Location location) {
		if (location instanceof Location.InMount in) {
			if (in.mount().readOnly()) {
				throw SandboxException.readOnly(location.path(),
						"the memory store '" + in.mount().name() + "' is mounted read-only");
			}
			return in;
		}
		if (location instanceof Location.Outside) {
			throw SandboxException.readOnly(location.path(),
					"only the memory stores mounted under " + MountPaths.ROOT + "/ can be written");
		}
		throw SandboxException.readOnly(location.path(), "not inside a mounted memory store");
	}

	/**
	 * Locks the stores written, in id order so that two writers never wait for each
	 * other, refusing a store that was archived or deleted since the session started.
	 */
	private void lock(List<Location.InMount> targets) {
		TreeSet<String> storeIds = new TreeSet<>();
		Map<String, Location.InMount> byStore = new HashMap<>();
		for (Location.InMount target : targets) {
			storeIds.add(storeOf(target));
			byStore.putIfAbsent(storeOf(target), target);
		}
		for (String storeId : storeIds) {
			Location.InMount target = byStore.get(storeId);
			MemoryStore store;
			try {
				store = this.stores.lockForContentWrite(this.workspaceId, storeId);
			}
			catch (ApiException ex) {
				if (ex.type() != ApiErrorType.NOT_FOUND) {
					throw ex;
				}
				throw new SandboxException(target.path(), SandboxException.IO_ERROR, "the memory store " + storeId
						+ " mounted at " + target.mount().mountPath() + " no longer exists");
			}
			if (store.archivedAt() != null) {
				throw SandboxException.readOnly(target.path(),
						"the memory store '" + target.mount().name() + "' is archived");
			}
		}
	}

	/**
	 * Runs a write in one transaction; a refusal from the memory service rolls it back
	 * and becomes a file error naming the path.
	 */
	private <T> T inTransaction(String path, Supplier<T> work) {
		try {
			return this.transactions.execute((status) -> work.get());
		}
		catch (ApiException ex) {
			throw new SandboxException(path, ex.getMessage(), null);
		}
	}

	// ---- helpers

	private Memory find(Location.InMount in, MemoryView view) {
		return this.memories.findByPath(this.workspaceId, storeOf(in), in.memoryPath(), view).orElse(null);
	}

	private Memory existingFile(Location.InMount in) {
		if (!isValidMemoryPath(in.memoryPath())) {
			throw SandboxException.notFound(in.path());
		}
		Memory memory = find(in, MemoryView.FULL);
		if (memory == null) {
			if (hasEntriesBelow(in)) {
				throw new SandboxException(in.path(), SandboxException.IS_DIRECTORY, null);
			}
			throw SandboxException.notFound(in.path());
		}
		return memory;
	}

	private List<Memory> filesBelow(Location.InMount in, MemoryView view) {
		List<Memory> files = new ArrayList<>();
		pages(in, new MemoryListQuery(in.directoryPrefix(), false, false, view), (item) -> files.add((Memory) item));
		return files;
	}

	private boolean hasEntriesBelow(Location.InMount in) {
		if (!isValidMemoryPath(in.memoryPath())) {
			return false;
		}
		// Any memory below will do, so a plain range read rather than a directory walk.
		ListPage<MemoryListItem> page = this.memories.list(this.workspaceId, storeOf(in),
				new MemoryListQuery(in.directoryPrefix(), false, false, MemoryView.BASIC), new PageParams(1, null));
		return !page.data().isEmpty();
	}

	private void requireNoEntriesBelow(Location.InMount in) {
		if (hasEntriesBelow(in)) {
			throw new SandboxException(in.path(), SandboxException.IS_DIRECTORY, null);
		}
	}

	private static void requireNotMountPoint(Location.InMount in) {
		if (in.isMountPoint()) {
			throw new SandboxException(in.path(), SandboxException.IS_DIRECTORY, null);
		}
	}

	/**
	 * Reads a listing page by page, until the end or until the visitor returns
	 * {@code false}.
	 * @return whether the listing was read to its end
	 */
	private boolean pages(Location.InMount in, MemoryListQuery query, Predicate<MemoryListItem> visitor) {
		String cursor = null;
		do {
			ListPage<MemoryListItem> page = this.memories.list(this.workspaceId, storeOf(in), query,
					new PageParams(PAGE_SIZE, cursor));
			for (MemoryListItem item : page.data()) {
				this.budget.check();
				if (!visitor.test(item)) {
					return false;
				}
			}
			cursor = page.nextPage();
		}
		while (cursor != null);
		return true;
	}

	private StoreState state(Mount mount) {
		return this.states.computeIfAbsent(mount.memoryStoreId(), (storeId) -> {
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
		});
	}

	private static String storeOf(Location.InMount in) {
		return in.mount().memoryStoreId();
	}

	private static boolean isValidMemoryPath(String path) {
		try {
			MemoryPaths.validate("path", path);
			return true;
		}
		catch (ApiException ex) {
			return false;
		}
	}

	private static String trimSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	enum Kind {

		FILE, DIRECTORY, MISSING

	}

	private enum StoreState {

		LIVE, ARCHIVED, DELETED

	}

	/**
	 * What is at a location; {@code memory} (basic view) for a file.
	 */
	record Node(Location location, Kind kind, Memory memory) {

	}

	/**
	 * An entry of a directory; {@code memory} (basic view) for a file.
	 */
	record Entry(String name, String path, boolean directory, Memory memory) {

	}

	/**
	 * A file found below a directory, by its absolute path.
	 */
	record StoredFile(String path, Memory memory) {

	}

}
