package dev.memstore.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Sha256;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryPrefix;
import dev.memstore.memory.MemoryView;

/**
 * Memory stores held in a map, for the tests of the tools' rules: no Spring, no
 * PostgreSQL. Listings follow the API's (byte order of paths, {@code depth=1} with
 * prefixes, pages); what a call changed is saved with {@link #save}.
 */
final class InMemoryMemories implements StoredMemories {

	private final Map<String, TreeMap<String, Memory>> stores = new HashMap<>();

	private final Map<String, StoreState> states = new HashMap<>();

	private int ids;

	void addStore(String storeId) {
		this.stores.put(storeId, new TreeMap<>(ChangeSet.PATH_ORDER));
		this.states.put(storeId, StoreState.LIVE);
	}

	void setState(String storeId, StoreState state) {
		this.states.put(storeId, state);
	}

	Memory put(String storeId, String path, String content) {
		Memory memory = memory("mem_" + (++this.ids), storeId, path, content);
		this.stores.get(storeId).put(path, memory);
		return memory;
	}

	/**
	 * Every memory of a store, path to content, in path order.
	 */
	Map<String, String> contents(String storeId) {
		Map<String, String> contents = new LinkedHashMap<>();
		this.stores.get(storeId).forEach((path, memory) -> contents.put(path, memory.content()));
		return contents;
	}

	/**
	 * Saves what a call changed, as {@code SandboxService#commit} does.
	 */
	void save(ChangeSet changes) {
		for (ChangeSet.Change change : changes.changes()) {
			TreeMap<String, Memory> store = this.stores.get(change.storeId());
			if (change instanceof ChangeSet.Change.Create create) {
				Memory created = put(create.storeId(), create.path(), create.content());
				create.handle().saved(created.id());
			}
			else if (change instanceof ChangeSet.Change.Update update) {
				Memory old = byId(store, update.handle().memoryId());
				store.remove(old.path());
				String path = (update.path() != null) ? update.path() : old.path();
				String content = (update.content() != null) ? update.content() : old.content();
				store.put(path, memory(old.id(), old.memoryStoreId(), path, content));
			}
			else if (change instanceof ChangeSet.Change.Delete delete) {
				store.remove(byId(store, delete.handle().memoryId()).path());
			}
		}
	}

	@Override
	public StoreState state(String storeId) {
		return this.states.getOrDefault(storeId, StoreState.DELETED);
	}

	@Override
	public Optional<Memory> findByPath(String storeId, String path, MemoryView view) {
		return Optional.ofNullable(this.stores.get(storeId).get(path)).map((memory) -> inView(memory, view));
	}

	@Override
	public Memory get(String storeId, String memoryId) {
		return byId(this.stores.get(storeId), memoryId);
	}

	@Override
	public ListPage<MemoryListItem> list(String storeId, MemoryListQuery query, PageParams page) {
		List<MemoryListItem> items = new ArrayList<>();
		String lastPrefix = null;
		for (Memory memory : this.stores.get(storeId).values()) {
			if (!memory.path().startsWith(query.pathPrefix())) {
				continue;
			}
			String rest = memory.path().substring(query.pathPrefix().length());
			int slash = rest.indexOf('/');
			if (query.directChildrenOnly() && slash >= 0) {
				String prefix = query.pathPrefix() + rest.substring(0, slash + 1);
				if (!prefix.equals(lastPrefix)) {
					items.add(new MemoryPrefix("memory_prefix", prefix));
					lastPrefix = prefix;
				}
				continue;
			}
			items.add(inView(memory, query.view()));
		}
		items.sort((left, right) -> ChangeSet.PATH_ORDER.compare(path(left), path(right)));
		if (query.descending()) {
			Collections.reverse(items);
		}
		int from = (page.page() != null) ? Integer.parseInt(page.page()) : 0;
		int to = Math.min(items.size(), from + page.limit());
		return new ListPage<>(List.copyOf(items.subList(from, to)), (to < items.size()) ? Integer.toString(to) : null);
	}

	private static String path(MemoryListItem item) {
		return (item instanceof Memory memory) ? memory.path() : ((MemoryPrefix) item).path();
	}

	private static Memory byId(TreeMap<String, Memory> store, String memoryId) {
		return store.values()
			.stream()
			.filter((memory) -> memory.id().equals(memoryId))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no memory " + memoryId));
	}

	private static Memory inView(Memory memory, MemoryView view) {
		return (view == MemoryView.FULL) ? memory
				: new Memory(memory.id(), memory.type(), memory.memoryStoreId(), memory.path(), null,
						memory.contentSha256(), memory.contentSizeBytes(), memory.memoryVersionId(), memory.createdAt(),
						memory.updatedAt());
	}

	private static Memory memory(String id, String storeId, String path, String content) {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		Instant now = Instant.now();
		return new Memory(id, "memory", storeId, path, content, Sha256.hex(bytes), bytes.length, "memver_" + id, now,
				now);
	}

}
