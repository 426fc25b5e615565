package dev.memstore.workspace;

import java.time.Instant;

/**
 * A row of {@code api_keys}: the secret itself is never stored, only its SHA-256.
 */
record ApiKeyRow(String id, String workspaceId, String name, String secretSha256, String partialKeyHint,
		boolean bootstrap, Instant createdAt, Instant revokedAt) {

	static ApiKeyRow issued(String id, String workspaceId, String name, String secretSha256, String partialKeyHint,
			Instant createdAt) {
		return new ApiKeyRow(id, workspaceId, name, secretSha256, partialKeyHint, false, createdAt, null);
	}

	ApiKeyRow revokedAt(Instant revokedAt) {
		return new ApiKeyRow(this.id, this.workspaceId, this.name, this.secretSha256, this.partialKeyHint,
				this.bootstrap, this.createdAt, revokedAt);
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	ApiKey toApiKey(String secret) {
		return new ApiKey(this.id, "api_key", this.workspaceId, this.name, this.partialKeyHint,
				isRevoked() ? "revoked" : "active", this.createdAt, this.revokedAt, secret);
	}

}
