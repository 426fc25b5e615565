package dev.memstore.agent;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface EnvironmentRepository
		extends JpaRepository<EnvironmentEntity, String>, JpaSpecificationExecutor<EnvironmentEntity> {

	Optional<EnvironmentEntity> findByIdAndWorkspaceId(String id, String workspaceId);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select e from EnvironmentEntity e where e.id = :id and e.workspaceId = :workspaceId")
	Optional<EnvironmentEntity> findForUpdate(String id, String workspaceId);

	@Modifying
	@Query("delete from EnvironmentEntity e where e.id = :id and e.workspaceId = :workspaceId")
	int deleteOwned(String id, String workspaceId);

}
