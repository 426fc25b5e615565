package dev.memstore.dream;

import java.util.List;

/**
 * What an offline dream does to its output store, in order, with paths from the store's
 * root. Computed from the store as it is, so that a dream resumed after a restart plans
 * only what is left: every step brings the store closer to the same end.
 *
 * @param summary what the dream read and will do, for its session's first message
 */
public record OfflinePlan(String summary, List<Step> steps) {

	/**
	 * A step of the plan.
	 */
	public sealed interface Step permits Delete, Split, Write {

	}

	/**
	 * Deletes memories: duplicates of a memory kept at an earlier path, or index files a
	 * dream wrote that are no longer needed.
	 */
	public record Delete(List<String> paths) implements Step {

	}

	/**
	 * Splits a memory over the split size into parts under {@code folder}, then deletes
	 * it; the parts are read at the time of the step ({@link DreamService#splitParts}).
	 */
	public record Split(String path, String folder) implements Step {

	}

	/**
	 * Writes a memory whole: a note of what users asked to remember, or the index.
	 */
	public record Write(String path, String content) implements Step {

	}

	/**
	 * One part of a split memory.
	 */
	public record Part(String path, String content) {

	}

}
