package dev.memstore.store;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MemoryStoreRepository
		extends JpaRepository<MemoryStoreEntity, String>, JpaSpecificationExecutor<MemoryStoreEntity> {

	Optional<MemoryStoreEntity> findByIdAndWorkspaceId(String id, String workspaceId);

	/**
	 * Loads a store with its row locked, so that writers of one store take turns.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from MemoryStoreEntity s where s.id = :id and s.workspaceId = :workspaceId")
	Optional<MemoryStoreEntity> findForUpdate(String id, String workspaceId);

	/**
	 * Deletes a store; the database removes everything that references it.
	 */
	@Modifying
	@Query("delete from MemoryStoreEntity s where s.id = :id and s.workspaceId = :workspaceId")
	int deleteOwned(String id, String workspaceId);

}
