package dev.memstore.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import dev.memstore.dream.Dream;
import dev.memstore.dream.DreamStatus;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.MemoryView;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Component;

/**
 * The review of a {@code create_new} dream: what adopting it would change in its input
 * store, compared with its output store. A store may hold ten thousand memories of up to
 * 100 KB, so both are read a page at a time without content, only the first
 * {@value #MAX_SHOWN} differences are kept, and content is read only for the diffs shown,
 * up to {@value #DIFF_BUDGET_BYTES} bytes of it.
 */
@Component
class DreamReviews {

	static final int MAX_SHOWN = 200;

	/**
	 * Content read for one review's diffs, at most: twenty changed memories at the 100 KB
	 * cap, before and after; later changes are listed without their diff.
	 */
	static final int DIFF_BUDGET_BYTES = 4 * 1024 * 1024;

	private static final MemoryListQuery EVERY_MEMORY = new MemoryListQuery("/", false, false, MemoryView.BASIC);

	private final MemoryStoreService stores;

	private final MemoryService memories;

	DreamReviews(MemoryStoreService stores, MemoryService memories) {
		this.stores = stores;
		this.memories = memories;
	}

	/**
	 * Why a dream has nothing to review, or {@code null} when it has.
	 */
	String nothingToReview(String workspaceId, Dream dream) {
		if (dream.status() != DreamStatus.COMPLETED) {
			return "This dream is " + dream.status().wireName() + ": its result can be reviewed once it has completed.";
		}
		if (dream.outputBehavior().updatesExisting()) {
			return "This dream wrote into its input store itself (update_existing), so there is no separate result "
					+ "to review: the store's memory histories show what it changed.";
		}
		List<String> existing = this.stores.ownedAmong(workspaceId,
				List.of(dream.outputStoreId(), dream.memoryStoreId()));
		if (!existing.contains(dream.outputStoreId())) {
			return "Its output store " + dream.outputStoreId() + " was deleted: there is nothing to review.";
		}
		if (!existing.contains(dream.memoryStoreId())) {
			return "Its input store " + dream.memoryStoreId() + " was deleted: there is nothing to compare with.";
		}
		return null;
	}

	/**
	 * Compares a completed {@code create_new} dream's output store with its input store
	 * as they are now: what adopting the dream would do.
	 */
	Review review(String workspaceId, Dream dream) {
		MemoryStore input = this.stores.get(workspaceId, dream.memoryStoreId());
		MemoryStore output = this.stores.get(workspaceId, dream.outputStoreId());
		StoreComparison.Differences differences = StoreComparison.compare(memoriesOf(workspaceId, input.id()),
				memoriesOf(workspaceId, output.id()), MAX_SHOWN);
		List<ShownChange> changes = new ArrayList<>();
		long budget = DIFF_BUDGET_BYTES;
		for (StoreComparison.Change change : differences.changed()) {
			long size = (long) change.before().contentSizeBytes() + change.after().contentSizeBytes();
			if (size > budget) {
				changes.add(new ShownChange(change, null));
				continue;
			}
			budget -= size;
			String before = content(workspaceId, change.before());
			String after = content(workspaceId, change.after());
			changes.add(new ShownChange(change, TextDiff.unified(input.name() + " " + change.path(), before,
					output.name() + " " + change.path(), after)));
		}
		return new Review(input, output, differences, changes);
	}

	private String content(String workspaceId, Memory memory) {
		return this.memories.get(workspaceId, memory.memoryStoreId(), memory.id(), MemoryView.FULL).content();
	}

	/**
	 * A store's memories in path order, without content, read a page at a time as they
	 * are asked for.
	 */
	private Iterator<Memory> memoriesOf(String workspaceId, String storeId) {
		return new Iterator<>() {

			private Iterator<MemoryListItem> page = Collections.emptyIterator();

			private String cursor;

			private boolean lastPageRead;

			@Override
			public boolean hasNext() {
				while (!this.page.hasNext() && !this.lastPageRead) {
					ListPage<MemoryListItem> read = DreamReviews.this.memories.list(workspaceId, storeId, EVERY_MEMORY,
							new PageParams(PageParams.MAX_LIMIT, this.cursor));
					this.page = read.data().iterator();
					this.cursor = read.nextPage();
					this.lastPageRead = this.cursor == null;
				}
				return this.page.hasNext();
			}

			@Override
			public Memory next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return (Memory) this.page.next();
			}

		};
	}

	/**
	 * @param differences every difference counted, the first {@value #MAX_SHOWN} kept
	 * @param changes the changes kept, each with its diff, or with {@code null} when its
	 * content did not fit in the budget
	 */
	record Review(MemoryStore input, MemoryStore output, StoreComparison.Differences differences,
			List<ShownChange> changes) {

	}

	/**
	 * @param diff the unified diff from the input's content to the output's, or
	 * {@code null} when not shown
	 */
	record ShownChange(StoreComparison.Change change, List<TextDiff.Line> diff) {

	}

}
