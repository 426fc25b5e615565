package dev.memstore.agent;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AgentRepository extends JpaRepository<AgentEntity, String>, JpaSpecificationExecutor<AgentEntity> {

	Optional<AgentEntity> findByIdAndWorkspaceId(String id, String workspaceId);

	/**
	 * Loads an agent with its row locked, so that concurrent updates number their
	 * versions one after the other.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from AgentEntity a where a.id = :id and a.workspaceId = :workspaceId")
	Optional<AgentEntity> findForUpdate(String id, String workspaceId);

}
