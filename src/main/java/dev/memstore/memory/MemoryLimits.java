package dev.memstore.memory;

import dev.memstore.kernel.ApiException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a store may hold. A write that would go beyond one is refused, while
 * existing memories stay readable, editable (without growing) and deletable.
 *
 * @param memoriesPerStore live memories per store
 * @param bytesPerStore bytes of content of a store's live memories (their
 * {@code content_size_bytes} added up; version history is not counted); {@code 0} (the
 * default) is no quota
 */
@ConfigurationProperties("memstore.limits")
public record MemoryLimits(@DefaultValue("10000") int memoriesPerStore, @DefaultValue("0") DataSize bytesPerStore) {

	static final String MEMORIES_PER_STORE = "memstore.limits.memories-per-store";

	static final String BYTES_PER_STORE = "memstore.limits.bytes-per-store";

	/**
	 * Whether the bytes of a store count: without a quota on them, a write does not spend
	 * a statement reading them.
	 */
	boolean countsBytes() {
		return this.bytesPerStore.toBytes() > 0;
	}

	/**
	 * Refuses a write that would leave a store holding more than
	 * {@link #memoriesPerStore} memories, or more than {@link #bytesPerStore} bytes,
	 * unless it shrinks what is over.
	 * @param countBefore memories of the store before the write
	 * @param countAfter memories after it
	 * @param bytesBefore bytes of content before the write
	 * @param bytesAfter bytes after it
	 */
	void requireRoom(String storeId, long countBefore, long countAfter, long bytesBefore, long bytesAfter) {
		if (countAfter > this.memoriesPerStore && countAfter > countBefore) {
			String holds = (countAfter == countBefore + 1) ? "already holds " + countBefore + " memories"
					: "would hold " + countAfter + " memories";
			throw ApiException.invalidRequest("memory store " + storeId + " " + holds + ", the most a store may hold ("
					+ MEMORIES_PER_STORE + " = " + this.memoriesPerStore + "); delete some before creating more");
		}
		long bytesQuota = this.bytesPerStore.toBytes();
		if (bytesQuota > 0 && bytesAfter > bytesQuota && bytesAfter > bytesBefore) {
			throw ApiException.invalidRequest("memory store " + storeId + " would hold " + bytesAfter
					+ " bytes of memory content, more than a store may hold (" + BYTES_PER_STORE + " = " + bytesQuota
					+ " bytes; it holds " + bytesBefore + "); delete or shorten memories first");
		}
	}

}
