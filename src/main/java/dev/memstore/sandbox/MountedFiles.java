package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryPrefix;
import dev.memstore.memory.MemoryPaths;
import dev.memstore.memory.MemoryView;
import dev.memstore.sandbox.StoredMemories.StoreState;

/**
 * The file system one tool call sees: {@code /mnt/memory} holding one directory per
 * mount, each file a memory of the mounted store, directories implied by memory paths.
 * Reads go through {@link StoredMemories}, each in a statement of its own; writes are
 * held in the call's {@link ChangeSet}, through which every later read of the call looks,
 * and are saved once the call is done ({@link SandboxService#commit}). A write checks the
 * mount first (read-only, archived or deleted store, outside any mount); one that is
 * refused changes nothing, and a directory rename, copy or removal happens entirely or
 * not at all.
 */
final class MountedFiles {

	private static final int PAGE_SIZE = PageParams.MAX_LIMIT;

	private final StoredMemories stored;

	private final List<Mount> mounts;

	private final Map<String, StoreState> states = new HashMap<>();

	private final ToolBudget budget;

	private final ChangeSet changes = new ChangeSet();

	MountedFiles(StoredMemories stored, List<Mount> mounts, ToolBudget budget) {
		this.stored = stored;
		this.mounts = List.copyOf(mounts);
		this.budget = budget;
	}

	/**
	 * The budget of the call these files serve: whatever loops over them checks it.
	 */
	ToolBudget budget() {
		return this.budget;
	}

	/**
	 * What the call changed so far.
	 */
	ChangeSet changes() {
		return this.changes;
	}

	List<Mount> mounts() {
		return this.mounts;
	}

	/**
	 * Where a path points. Every operation on a path starts here, so a command given many
	 * paths checks its budget once for each.
	 */
	Location locate(String path, String workingDirectory) {
		this.budget.check();
		return SandboxPaths.resolve(path, workingDirectory, this.mounts);
	}

	Location locateAbsolute(String absolutePath) {
		this.budget.check();
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
		Memory memory = find(in, MemoryView.BASIC);
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
		return atomically(target, () -> {
			MemoryPaths.validate("path", target.memoryPath());
			Memory existing = find(target, MemoryView.BASIC);
			if (existing != null) {
				this.changes.update(existing, content, null);
				return false;
			}
			requireFreePath(target);
			this.changes.create(storeOf(target), target.memoryPath(), content);
			return true;
		});
	}

	/**
	 * Changes a file's content.
	 */
	Memory edit(Location location, UnaryOperator<String> change) {
		Location.InMount target = writable(location);
		requireNotMountPoint(target);
		return atomically(target, () -> {
			Memory current = existingFile(target);
			return this.changes.update(current, change.apply(current.content()), null);
		});
	}

	/**
	 * Appends to a file, creating it if missing.
	 */
	void append(Location location, String text) {
		Location.InMount target = writable(location);
		requireNotMountPoint(target);
		atomically(target, () -> {
			MemoryPaths.validate("path", target.memoryPath());
			Memory existing = find(target, MemoryView.FULL);
			if (existing != null) {
				this.changes.update(existing, existing.content() + text, null);
			}
			else {
				requireFreePath(target);
				this.changes.create(storeOf(target), target.memoryPath(), text);
			}
			return null;
		});
	}

	/**
	 * Creates an empty file unless something exists at the path.
	 */
	void touch(Location location) {
		Location.InMount target = writable(location);
		atomically(target, () -> {
			if (stat(target).kind() == Kind.MISSING) {
				MemoryPaths.validate("path", target.memoryPath());
				requireFreePath(target);
				this.changes.create(storeOf(target), target.memoryPath(), "");
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
		atomically(target, () -> {
			MemoryPaths.validate("path", target.memoryPath());
			requireNoFileAbove(target, location.path());
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
		return atomically(target, () -> {
			Node node = stat(target);
			switch (node.kind()) {
				case MISSING -> throw SandboxException.notFound(location.path());
				case FILE -> {
					this.changes.delete(node.memory());
					return 1;
				}
				default -> {
					if (!recursive) {
						throw new SandboxException(location.path(), SandboxException.IS_DIRECTORY, null);
					}
					List<Memory> below = filesBelow(target, MemoryView.BASIC);
					below.forEach(this.changes::delete);
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
		if (source != null) {
			requireStoreWritable(source);
		}
		atomically(target, () -> {
			Node targetNode = stat(target);
			if (sourceNode.kind() == Kind.FILE) {
				if (targetNode.kind() == Kind.DIRECTORY) {
					throw new SandboxException(target.path(), SandboxException.IS_DIRECTORY,
							"cannot overwrite a directory with a file");
				}
				Memory content = move ? sourceNode.memory() : read(from);
				if (targetNode.kind() != Kind.FILE) {
					requireFreePath(target);
				}
				transferOne((Location.InMount) from, content, target, targetNode, move);
				return null;
			}
			if (targetNode.kind() == Kind.FILE) {
				throw new SandboxException(target.path(), SandboxException.NOT_DIRECTORY,
						"cannot overwrite a file with a directory");
			}
			if (targetNode.kind() == Kind.DIRECTORY) {
				throw new SandboxException(target.path(), "Directory not empty", null);
			}
			// Nothing is below the new directory, so only its own place needs checking.
			requireFreePath(target);
			// Without content: each copy reads its file when it is made, so that only the
			// call's changes are held, within their bound.
			List<StoredFile> files = new ArrayList<>();
			walk(from, false, files::add);
			for (StoredFile file : files) {
				this.budget.check();
				Location.InMount fileSource = (Location.InMount) locateAbsolute(file.path());
				Location.InMount fileTarget = (Location.InMount) locateAbsolute(
						target.path() + file.path().substring(from.path().length()));
				transferOne(fileSource, file.memory(), fileTarget, new Node(fileTarget, Kind.MISSING, null), move);
			}
			return null;
		});
	}

	/**
	 * Moves or copies one memory onto a path that is free (checked) or holds a file.
	 * @param memory the source memory; with content unless it is renamed within its store
	 */
	private void transferOne(Location.InMount source, Memory memory, Location.InMount target, Node targetNode,
			boolean move) {
		MemoryPaths.validate("path", target.memoryPath());
		boolean sameStore = storeOf(source).equals(storeOf(target));
		if (move && sameStore) {
			if (targetNode.kind() == Kind.FILE) {
				this.changes.delete(targetNode.memory());
			}
			this.changes.update(memory, null, target.memoryPath());
			return;
		}
		String content = (memory.content() != null) ? memory.content()
				: this.stored.get(storeOf(source), memory.id()).content();
		if (targetNode.kind() == Kind.FILE) {
			this.changes.update(targetNode.memory(), content, null);
		}
		else {
			this.changes.create(storeOf(target), target.memoryPath(), content);
		}
		if (move) {
			this.changes.delete(memory);
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
	 * Refuses a write to a store that was archived or deleted since the session started.
	 */
	private void requireStoreWritable(Location.InMount target) {
		switch (state(target.mount())) {
			case DELETED -> throw new SandboxException(target.path(), SandboxException.IO_ERROR, "the memory store "
					+ storeOf(target) + " mounted at " + target.mount().mountPath() + " no longer exists");
			case ARCHIVED -> throw SandboxException.readOnly(target.path(),
					"the memory store '" + target.mount().name() + "' is archived");
			default -> {
			}
		}
	}

	/**
	 * Runs one write operation on the call's changes: it happens entirely, or, refused
	 * part way, not at all; a refusal from the memory rules becomes a file error naming
	 * the path.
	 */
	private <T> T atomically(Location.InMount target, Supplier<T> work) {
		ChangeSet.Mark mark = this.changes.mark();
		try {
			requireStoreWritable(target);
			return work.get();
		}
		catch (ApiException ex) {
			this.changes.rollBackTo(mark);
			throw new SandboxException(target.path(), ex.getMessage(), null);
		}
		catch (RuntimeException ex) {
			this.changes.rollBackTo(mark);
			throw ex;
		}
	}

	/**
	 * Refuses a new file where it would collide with others: a directory with files at
	 * its path, or a file at one of its ancestors.
	 */
	private void requireFreePath(Location.InMount target) {
		requireNoEntriesBelow(target);
		requireNoFileAbove(target, target.path());
	}

	private void requireNoFileAbove(Location.InMount target, String shownPath) {
		String path = target.memoryPath();
		for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
			this.budget.check();
			Location ancestor = locateAbsolute(target.mount().mountPath() + path.substring(0, slash));
			if (stat(ancestor).kind() == Kind.FILE) {
				throw new SandboxException(shownPath, SandboxException.NOT_DIRECTORY, ancestor.path() + " is a file");
			}
		}
	}

	// ---- helpers

	/**
	 * The file at a path as the call sees it: as the call left it, or as stored.
	 */
	private Memory find(Location.InMount in, MemoryView view) {
		ChangeSet.Pending pending = this.changes.at(storeOf(in), in.memoryPath());
		if (pending != null) {
			return (pending.memory() != null) ? inView(pending.memory(), view) : null;
		}
		return this.stored.findByPath(storeOf(in), in.memoryPath(), view).orElse(null);
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
		// Any memory below will do, so a plain range read rather than a directory walk;
		// unless the call removed some, the first one read answers.
		MemoryListQuery below = new MemoryListQuery(in.directoryPrefix(), false, false, MemoryView.BASIC);
		if (this.changes.below(storeOf(in), below.pathPrefix()).isEmpty()) {
			return !stored(in, below, 1, (item) -> false);
		}
		return !pages(in, below, (item) -> false);
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
	 * Reads a listing, in path order, as the call sees it, until the end or until the
	 * visitor returns {@code false}.
	 * @return whether the listing was read to its end
	 */
	private boolean pages(Location.InMount in, MemoryListQuery query, Predicate<MemoryListItem> visitor) {
		NavigableMap<String, ChangeSet.Pending> touched = this.changes.below(storeOf(in), query.pathPrefix());
		if (touched.isEmpty()) {
			return stored(in, query, PAGE_SIZE, visitor);
		}
		if (query.directChildrenOnly()) {
			return directChildren(in, query, visitor);
		}
		Iterator<Map.Entry<String, ChangeSet.Pending>> changed = touched.entrySet().iterator();
		PeekingPending pending = new PeekingPending(changed);
		boolean complete = stored(in, query, PAGE_SIZE, (item) -> {
			while (pending.peek() != null && ChangeSet.PATH_ORDER.compare(pending.peek(), item.path()) < 0) {
				if (!visitPending(pending.take(), query.view(), visitor)) {
					return false;
				}
			}
			if (item.path().equals(pending.peek())) {
				// The call changed or removed this file: its own version stands in.
				return visitPending(pending.take(), query.view(), visitor);
			}
			return visitor.test(item);
		});
		while (complete && pending.peek() != null) {
			complete = visitPending(pending.take(), query.view(), visitor);
		}
		return complete;
	}

	/**
	 * A {@code depth=1} listing through the call's changes: the files directly in the
	 * directory, and one prefix per subdirectory that still holds a file.
	 */
	private boolean directChildren(Location.InMount in, MemoryListQuery query, Predicate<MemoryListItem> visitor) {
		String prefix = query.pathPrefix();
		String[] lastDirectory = new String[1];
		return pages(in, new MemoryListQuery(prefix, false, false, query.view()), (item) -> {
			String rest = item.path().substring(prefix.length());
			int slash = rest.indexOf('/');
			if (slash < 0) {
				return visitor.test(item);
			}
			String directory = prefix + rest.substring(0, slash + 1);
			if (directory.equals(lastDirectory[0])) {
				return true;
			}
			lastDirectory[0] = directory;
			return visitor.test(new MemoryPrefix("memory_prefix", directory));
		});
	}

	private boolean visitPending(ChangeSet.Pending pending, MemoryView view, Predicate<MemoryListItem> visitor) {
		return pending.isRemoved() || visitor.test(inView(pending.memory(), view));
	}

	/**
	 * A file the call changed, with its content if the view asks for it: one the call
	 * only renamed has the stored content.
	 */
	private Memory inView(Memory memory, MemoryView view) {
		if (memory.content() != null || view != MemoryView.FULL) {
			return memory;
		}
		String content = this.stored.get(memory.memoryStoreId(), memory.id()).content();
		return new Memory(memory.id(), memory.type(), memory.memoryStoreId(), memory.path(), content,
				memory.contentSha256(), memory.contentSizeBytes(), memory.memoryVersionId(), memory.createdAt(),
				memory.updatedAt());
	}

	/**
	 * The paths a call touched, taken one by one while a stored listing is merged in.
	 */
	private static final class PeekingPending {

		private final Iterator<Map.Entry<String, ChangeSet.Pending>> entries;

		private Map.Entry<String, ChangeSet.Pending> next;

		PeekingPending(Iterator<Map.Entry<String, ChangeSet.Pending>> entries) {
			this.entries = entries;
			this.next = entries.hasNext() ? entries.next() : null;
		}

		/**
		 * The next path, or {@code null} after the last.
		 */
		String peek() {
			return (this.next != null) ? this.next.getKey() : null;
		}

		ChangeSet.Pending take() {
			ChangeSet.Pending taken = this.next.getValue();
			this.next = this.entries.hasNext() ? this.entries.next() : null;
			return taken;
		}

	}

	/**
	 * Reads a stored listing page by page, until the end or until the visitor returns
	 * {@code false}.
	 * @return whether the listing was read to its end
	 */
	private boolean stored(Location.InMount in, MemoryListQuery query, int pageSize,
			Predicate<MemoryListItem> visitor) {
		String cursor = null;
		do {
			ListPage<MemoryListItem> page = this.stored.list(storeOf(in), query, new PageParams(pageSize, cursor));
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
		return this.states.computeIfAbsent(mount.memoryStoreId(), this.stored::state);
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
