package dev.memstore.admin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.memstore.memory.Memory;

/**
 * How one store's memories differ from another's, path by path, as
 * {@code MemoryService.mirror} would change the first to match the second: a memory only
 * the second holds is added, one only the first holds is removed, one whose content hash
 * differs is changed. Both stores are read as they are listed, in byte-wise path order,
 * and walked side by side, so neither is ever held whole; only the first few differences
 * are kept to show, every other one is counted.
 */
final class StoreComparison {

	private StoreComparison() {
	}

	/**
	 * @param before the first store's memories in byte-wise path order, content not
	 * needed
	 * @param after the second store's, in the same order
	 * @param maxShown how many differences to keep, the first in path order
	 */
	static Differences compare(Iterator<Memory> before, Iterator<Memory> after, int maxShown) {
		Tally tally = new Tally(maxShown);
		Memory left = next(before);
		Memory right = next(after);
		while (left != null || right != null) {
			int order = (left == null) ? 1 : (right == null) ? -1 : comparePaths(left.path(), right.path());
			if (order < 0) {
				tally.removed(left);
				left = next(before);
			}
			else if (order > 0) {
				tally.added(right);
				right = next(after);
			}
			else {
				if (left.contentSha256().equals(right.contentSha256())) {
					tally.unchanged();
				}
				else {
					tally.changed(left, right);
				}
				left = next(before);
				right = next(after);
			}
		}
		return tally.differences();
	}

	/**
	 * Paths in the order stores list them: byte-wise in UTF-8 ({@code COLLATE "C"}),
	 * which is code point order, not the UTF-16 order of {@link String#compareTo}.
	 */
	static int comparePaths(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int x = a.codePointAt(i);
			int y = b.codePointAt(j);
			if (x != y) {
				return Integer.compare(x, y);
			}
			i += Character.charCount(x);
			j += Character.charCount(y);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	private static Memory next(Iterator<Memory> memories) {
		return memories.hasNext() ? memories.next() : null;
	}

	/**
	 * A memory both stores hold at the same path, with different content.
	 */
	record Change(Memory before, Memory after) {

		public String path() {
			return this.after.path();
		}

	}

	/**
	 * The differences found: every one counted, the first few in path order kept.
	 *
	 * @param added the added memories kept, as the second store holds them
	 * @param removed the removed memories kept, as the first store holds them
	 * @param changed the changed memories kept
	 */
	record Differences(List<Memory> added, List<Memory> removed, List<Change> changed, int addedCount, int removedCount,
			int changedCount, int unchangedCount) {

		public int shown() {
			return this.added.size() + this.removed.size() + this.changed.size();
		}

		/**
		 * Differences counted but not kept.
		 */
		public int notShown() {
			return this.addedCount + this.removedCount + this.changedCount - shown();
		}

		public boolean none() {
			return this.addedCount + this.removedCount + this.changedCount == 0;
		}

	}

	private static final class Tally {

		private final int maxShown;

		private final List<Memory> added = new ArrayList<>();

		private final List<Memory> removed = new ArrayList<>();

		private final List<Change> changed = new ArrayList<>();

		private int addedCount;

		private int removedCount;

		private int changedCount;

		private int unchangedCount;

		Tally(int maxShown) {
			this.maxShown = maxShown;
		}

		void added(Memory memory) {
			this.addedCount++;
			if (hasRoom()) {
				this.added.add(memory);
			}
		}

		void removed(Memory memory) {
			this.removedCount++;
			if (hasRoom()) {
				this.removed.add(memory);
			}
		}

		void changed(Memory before, Memory after) {
			this.changedCount++;
			if (hasRoom()) {
				this.changed.add(new Change(before, after));
			}
		}

		void unchanged() {
			this.unchangedCount++;
		}

		private boolean hasRoom() {
			return this.added.size() + this.removed.size() + this.changed.size() < this.maxShown;
		}

		Differences differences() {
			return new Differences(List.copyOf(this.added), List.copyOf(this.removed), List.copyOf(this.changed),
					this.addedCount, this.removedCount, this.changedCount, this.unchangedCount);
		}

	}

}
