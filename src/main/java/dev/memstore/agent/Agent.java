package dev.memstore.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;

/**
 * The {@code agent} object of the API: one version of an agent's configuration.
 *
 * @param model always the object form {@code {id, effort?, speed?, inference_geo?}}
 * @param tools resolved: the built-in toolset lists every tool with its settings
 * @param multiagent kept and echoed as given: memstore runs no multiagent sessions
 * @param version starts at 1 and grows by one with every update that changes something
 * @param updatedAt when this version was made; for the current version, also moved by
 * archiving
 * @param otherFields fields the caller sent that memstore keeps and echoes without
 * interpreting them
 */
public record Agent(String id, String type, String name, String description, String system, AgentModel model,
		List<AgentTool> tools, List<McpServer> mcpServers, List<Skill> skills, Map<String, String> metadata,
		Map<String, Object> multiagent, ExecutionIdentity executionIdentity, int version, Instant createdAt,
		Instant updatedAt, Instant archivedAt, @JsonAnyGetter Map<String, Object> otherFields) {

	static final String TYPE = "agent";

	static Agent of(String id, int version, AgentConfig config, Instant createdAt, Instant updatedAt,
			Instant archivedAt) {
		return new Agent(id, TYPE, config.name(), config.description(), config.system(), config.model(), config.tools(),
				config.mcpServers(), config.skills(), config.metadata(), config.multiagent(),
				config.executionIdentity(), version, createdAt, updatedAt, archivedAt, config.otherFields());
	}

}
