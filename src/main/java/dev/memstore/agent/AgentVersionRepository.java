package dev.memstore.agent;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AgentVersionRepository extends JpaRepository<AgentVersionEntity, AgentVersionEntity.Key> {

	@Query("select v from AgentVersionEntity v where v.key.agentId = :agentId and v.key.version = :version")
	Optional<AgentVersionEntity> findVersion(String agentId, int version);

	/**
	 * The versions of an agent below {@code before}, newest first.
	 */
	@Query("select v from AgentVersionEntity v where v.key.agentId = :agentId and v.key.version < :before"
			+ " order by v.key.version desc")
	List<AgentVersionEntity> findOlder(String agentId, int before, Limit limit);

}
