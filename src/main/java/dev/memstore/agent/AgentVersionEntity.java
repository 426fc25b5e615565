package dev.memstore.agent;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One version of an agent's configuration, kept for good: sessions pin versions, and
 * {@code ?version=N} reads them back. The {@code config} column holds an
 * {@link AgentConfig} in its stored form; {@link AgentService} alone converts it.
 */
@Entity
@Table(name = "agent_versions")
class AgentVersionEntity {

	@EmbeddedId
	private Key key;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, Object> config;

	private Instant createdAt;

	protected AgentVersionEntity() {
	}

	AgentVersionEntity(String agentId, int version, Map<String, Object> config, Instant createdAt) {
		this.key = new Key(agentId, version);
		this.config = config;
		this.createdAt = createdAt;
	}

	int getVersion() {
		return this.key.version;
	}

	Map<String, Object> getConfig() {
		return this.config;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	@Embeddable
	static class Key implements Serializable {

		private String agentId;

		private int version;

		protected Key() {
		}

		Key(String agentId, int version) {
			this.agentId = agentId;
			this.version = version;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && this.version == key.version && Objects.equals(this.agentId, key.agentId);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.agentId, this.version);
		}

	}

}
