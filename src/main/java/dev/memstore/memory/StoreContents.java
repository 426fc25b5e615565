package dev.memstore.memory;

import java.time.Instant;

/**
 * What a memory store holds, at a glance.
 *
 * @param memories live memories
 * @param totalBytes their content, in UTF-8 bytes
 * @param lastWrite when a memory of the store last changed (created, modified or
 * deleted), or {@code null} if none ever did
 */
public record StoreContents(long memories, long totalBytes, Instant lastWrite) {

}
