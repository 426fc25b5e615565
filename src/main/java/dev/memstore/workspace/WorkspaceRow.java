package dev.memstore.workspace;

import java.time.Instant;

/**
 * A row of {@code workspaces}.
 */
record WorkspaceRow(String id, String name, boolean isDefault, Instant createdAt) {

	Workspace toWorkspace() {
		return new Workspace(this.id, "workspace", this.name, this.isDefault, this.createdAt);
	}

}
