package dev.memstore.selfhosted;

import java.time.Instant;

/**
 * A row of {@code environment_keys}: the secret itself is never stored, only its SHA-256.
 */
record EnvironmentKeyRow(String id, String workspaceId, String environmentId, String name, String secretSha256,
		String partialKeyHint, Instant createdAt, Instant revokedAt) {

	EnvironmentKey toKey(String secret) {
		return new EnvironmentKey(this.id, EnvironmentKey.TYPE, this.workspaceId, this.environmentId, this.name,
				this.partialKeyHint, (this.revokedAt != null) ? "revoked" : "active", this.createdAt, this.revokedAt,
				secret);
	}

}
