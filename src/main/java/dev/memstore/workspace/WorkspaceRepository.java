package dev.memstore.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface WorkspaceRepository extends JpaRepository<WorkspaceEntity, String> {

	/**
	 * Creates the default workspace unless one exists; safe when several instances start
	 * at once.
	 */
	@Modifying
	@Query(value = """
			insert into workspaces (id, name, is_default, created_at) values (:id, :name, true, :createdAt)
			on conflict (is_default) where is_default do nothing""", nativeQuery = true)
	int insertDefaultIfAbsent(String id, String name, Instant createdAt);

	Optional<WorkspaceEntity> findByDefaultWorkspaceTrue();

	List<WorkspaceEntity> findAllByOrderByCreatedAtAscIdAsc();

}
