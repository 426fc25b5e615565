package dev.memstore.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, String> {

	Optional<ApiKeyEntity> findBySecretSha256(String secretSha256);

	List<ApiKeyEntity> findByWorkspaceIdOrderByCreatedAtAscIdAsc(String workspaceId);

	Optional<ApiKeyEntity> findByIdAndWorkspaceId(String id, String workspaceId);

	@Modifying
	@Query("update ApiKeyEntity k set k.revokedAt = :now where k.bootstrap = true and k.revokedAt is null")
	int revokeBootstrapKeys(Instant now);

	/**
	 * Adds the configured bootstrap key unless a key with this secret exists; safe when
	 * several instances start at once.
	 */
	@Modifying
	@Query(value = """
			insert into api_keys (id, workspace_id, name, secret_sha256, partial_key_hint, bootstrap, created_at)
			values (:id, :workspaceId, :name, :secretSha256, :partialKeyHint, true, :createdAt)
			on conflict (secret_sha256) do nothing""", nativeQuery = true)
	int insertBootstrapIfAbsent(String id, String workspaceId, String name, String secretSha256, String partialKeyHint,
			Instant createdAt);

}
