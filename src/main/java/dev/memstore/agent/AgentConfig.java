package dev.memstore.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * The configuration of an agent version, as stored in {@code agents.config} and
 * {@code agent_versions.config} and as returned: every field of the {@code agent} object
 * except its identity, version and timestamps, validated and normalized by
 * {@link AgentDefinition}, followed by the fields the caller sent that memstore does not
 * interpret.
 * <p>
 * A stored row that lacks a field reads as if the field had been left out on create:
 * empty arrays and metadata, the {@code service_account} identity, no multiagent setup.
 *
 * @param multiagent kept and echoed as given: memstore runs no multiagent sessions
 */
record AgentConfig(String name, String description, String system, AgentModel model, List<AgentTool> tools,
		List<McpServer> mcpServers, List<Skill> skills, Map<String, String> metadata, Map<String, Object> multiagent,
		ExecutionIdentity executionIdentity, @JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

	AgentConfig {
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		mcpServers = (mcpServers != null) ? List.copyOf(mcpServers) : List.of();
		skills = (skills != null) ? List.copyOf(skills) : List.of();
		metadata = (metadata != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(metadata)) : Map.of();
		executionIdentity = (executionIdentity != null) ? executionIdentity : ExecutionIdentity.SERVICE_ACCOUNT;
		otherFields = OtherFields.of(otherFields);
	}

}
