package dev.memstore.agent;

import java.util.Map;

/**
 * The agent a session runs: the resolved version, with the session's overrides applied.
 *
 * @param modelId the {@code model.id} to run with
 * @param system the system prompt, or {@code null}
 * @param snapshot the session's {@code agent} object, ready to serialize (maps, lists,
 * strings, numbers, booleans, {@code null}): {@code {id, type, version, name,
 * description, system, model, tools, mcp_servers, skills, multiagent,
 * execution_identity}}
 */
public record SessionAgent(String id, int version, String modelId, String system, Map<String, Object> snapshot) {

}
