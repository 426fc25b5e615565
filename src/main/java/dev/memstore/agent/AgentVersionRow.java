package dev.memstore.agent;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code agent_versions}: one version of an agent's configuration, kept for
 * good, since sessions pin versions and {@code ?version=N} reads them back. The
 * {@code config} holds an {@link AgentConfig} in its stored form; {@link AgentService}
 * alone converts it.
 */
record AgentVersionRow(String agentId, int version, Map<String, Object> config, Instant createdAt) {

}
