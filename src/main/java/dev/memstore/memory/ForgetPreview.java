package dev.memstore.memory;

import java.util.List;

/**
 * What forgetting a path prefix would do, before it is done.
 *
 * @param memories the live memories that would be deleted, in path order
 * @param versionsToRedact how many versions would be redacted, besides the deletions
 * still to be recorded
 */
public record ForgetPreview(String memoryStoreId, String pathPrefix, List<Memory> memories, int versionsToRedact) {

}
