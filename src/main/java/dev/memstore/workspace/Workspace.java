package dev.memstore.workspace;

import java.time.Instant;

/**
 * A workspace, as the operator API returns it.
 *
 * @param isDefault whether this is the workspace of the bootstrap key
 */
public record Workspace(String id, String type, String name, boolean isDefault, Instant createdAt) {

}
