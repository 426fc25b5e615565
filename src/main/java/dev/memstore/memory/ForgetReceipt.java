package dev.memstore.memory;

import java.time.Instant;
import java.util.List;

/**
 * Proof of a "forget": what was deleted and redacted under a path prefix of a store, when
 * and by whom. Memory ids and version ids are kept; paths and content are not.
 *
 * @param memoryIds the live memories that were deleted
 * @param versionIds every version that was redacted: those of the deleted memories
 * (including their deletion), and any other version whose path lay under the prefix
 */
public record ForgetReceipt(String id, String type, String workspaceId, String memoryStoreId, String pathPrefix,
		int memoriesDeleted, int versionsRedacted, List<String> memoryIds, List<String> versionIds, Instant performedAt,
		Actor performedBy) {

	static final String TYPE = "forget_receipt";

	static final String ID_PREFIX = "forget_";

}
