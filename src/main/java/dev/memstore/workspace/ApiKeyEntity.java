package dev.memstore.workspace;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_keys")
class ApiKeyEntity {

	@Id
	private String id;

	private String workspaceId;

	private String name;

	private String secretSha256;

	private String partialKeyHint;

	private boolean bootstrap;

	private Instant createdAt;

	private Instant revokedAt;

	protected ApiKeyEntity() {
	}

	ApiKeyEntity(String id, String workspaceId, String name, String secretSha256, String partialKeyHint,
			Instant createdAt) {
		this.id = id;
		this.workspaceId = workspaceId;
		this.name = name;
		this.secretSha256 = secretSha256;
		this.partialKeyHint = partialKeyHint;
		this.createdAt = createdAt;
	}

	/**
	 * Revokes the key; revoking again keeps the first revocation time.
	 */
	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	boolean isBootstrap() {
		return this.bootstrap;
	}

	ApiKey toApiKey(String secret) {
		return new ApiKey(this.id, "api_key", this.workspaceId, this.name, this.partialKeyHint,
				isRevoked() ? "revoked" : "active", this.createdAt, this.revokedAt, secret);
	}

}
