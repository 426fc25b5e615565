package dev.memstore.workspace;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "workspaces")
class WorkspaceEntity {

	@Id
	private String id;

	private String name;

	@Column(name = "is_default")
	private boolean defaultWorkspace;

	private Instant createdAt;

	protected WorkspaceEntity() {
	}

	WorkspaceEntity(String id, String name, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.createdAt = createdAt;
	}

	Workspace toWorkspace() {
		return new Workspace(this.id, "workspace", this.name, this.defaultWorkspace, this.createdAt);
	}

	String getId() {
		return this.id;
	}

}
