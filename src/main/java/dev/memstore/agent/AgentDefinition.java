package dev.memstore.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Metadata;
import dev.memstore.kernel.TextRules;

/**
 * The configuration of an agent version, as stored and as returned: every field of the
 * {@code agent} object except its identity, version and timestamps, validated and
 * normalized (a string {@code model} becomes {@code {"id": ...}}, tools are resolved),
 * followed by any field the caller sent that memstore does not interpret.
 */
final class AgentDefinition {

	static final int MAX_NAME_LENGTH = 256;

	static final int MAX_DESCRIPTION_LENGTH = 2048;

	static final int MAX_SYSTEM_LENGTH = 100_000;

	static final int MAX_MCP_SERVERS = 20;

	static final int MAX_SKILLS = 20;

	static final String NAME = "name";

	static final String DESCRIPTION = "description";

	static final String SYSTEM = "system";

	static final String MODEL = "model";

	static final String TOOLS = "tools";

	static final String MCP_SERVERS = "mcp_servers";

	static final String SKILLS = "skills";

	static final String METADATA = "metadata";

	static final String MULTIAGENT = "multiagent";

	static final String EXECUTION_IDENTITY = "execution_identity";

	/**
	 * The configuration fields, in the order the object lists them.
	 */
	static final List<String> FIELDS = List.of(NAME, DESCRIPTION, SYSTEM, MODEL, TOOLS, MCP_SERVERS, SKILLS, METADATA,
			MULTIAGENT, EXECUTION_IDENTITY);

	/**
	 * Fields of a body that the server sets itself; a caller's values for them are
	 * ignored ({@code version} on update is a precondition, read separately).
	 */
	static final Set<String> SERVER_FIELDS = Set.of("id", "type", "version", "created_at", "updated_at", "archived_at");

	private static final Set<String> EFFORT_LEVELS = Set.of("low", "medium", "high", "xhigh", "max");

	private static final Set<String> SPEEDS = Set.of("standard", "fast");

	private static final Set<String> SKILL_TYPES = Set.of("anthropic", "custom");

	private AgentDefinition() {
	}

	/**
	 * The configuration of a new agent.
	 */
	static Map<String, Object> forCreate(Map<String, Object> body) {
		Map<String, Object> definition = new LinkedHashMap<>();
		definition.put(NAME, name(body.get(NAME), NAME));
		definition.put(DESCRIPTION, optionalText(body.get(DESCRIPTION), DESCRIPTION, MAX_DESCRIPTION_LENGTH));
		definition.put(SYSTEM, optionalText(body.get(SYSTEM), SYSTEM, MAX_SYSTEM_LENGTH));
		definition.put(MODEL, model(body.get(MODEL), MODEL));
		definition.put(TOOLS, AgentTools.resolve(body.get(TOOLS), TOOLS));
		definition.put(MCP_SERVERS, mcpServers(body.get(MCP_SERVERS), MCP_SERVERS));
		definition.put(SKILLS, skills(body.get(SKILLS), SKILLS));
		definition.put(METADATA, metadata(Map.of(), body.get(METADATA)));
		definition.put(MULTIAGENT, multiagent(body.get(MULTIAGENT)));
		definition.put(EXECUTION_IDENTITY, executionIdentity(body.get(EXECUTION_IDENTITY)));
		copyUnknownFields(body, definition);
		AgentTools.requireKnownMcpServers(tools(definition), mcpServers(definition), TOOLS);
		return definition;
	}

	/**
	 * The fields of an update body, each validated on its own, before the agent is read.
	 * Applying it to the current configuration ({@link #apply}) checks what depends on
	 * both.
	 */
	static Map<String, Object> parseUpdate(Map<String, Object> body) {
		Map<String, Object> changes = new LinkedHashMap<>();
		if (body.containsKey(NAME)) {
			changes.put(NAME, name(body.get(NAME), NAME));
		}
		if (body.containsKey(DESCRIPTION)) {
			changes.put(DESCRIPTION, optionalText(body.get(DESCRIPTION), DESCRIPTION, MAX_DESCRIPTION_LENGTH));
		}
		if (body.containsKey(SYSTEM)) {
			changes.put(SYSTEM, optionalText(body.get(SYSTEM), SYSTEM, MAX_SYSTEM_LENGTH));
		}
		if (body.containsKey(MODEL)) {
			changes.put(MODEL, model(body.get(MODEL), MODEL));
		}
		// Arrays are replaced whole; null empties them.
		if (body.containsKey(TOOLS)) {
			changes.put(TOOLS, AgentTools.resolve(body.get(TOOLS), TOOLS));
		}
		if (body.containsKey(MCP_SERVERS)) {
			changes.put(MCP_SERVERS, mcpServers(body.get(MCP_SERVERS), MCP_SERVERS));
		}
		if (body.containsKey(SKILLS)) {
			changes.put(SKILLS, skills(body.get(SKILLS), SKILLS));
		}
		if (body.get(METADATA) != null) {
			changes.put(METADATA, metadataPatch(body.get(METADATA)));
		}
		if (body.containsKey(MULTIAGENT)) {
			changes.put(MULTIAGENT, multiagent(body.get(MULTIAGENT)));
		}
		if (body.containsKey(EXECUTION_IDENTITY)) {
			changes.put(EXECUTION_IDENTITY, executionIdentity(body.get(EXECUTION_IDENTITY)));
		}
		copyUnknownFields(body, changes);
		return changes;
	}

	/**
	 * The configuration that results from applying parsed changes: {@code metadata} is a
	 * patch, every other field given replaces the current one.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> apply(Map<String, Object> current, Map<String, Object> changes) {
		Map<String, Object> result = JsonValues.copyObject(current);
		changes.forEach((key, value) -> {
			if (METADATA.equals(key)) {
				result.put(METADATA, metadata((Map<String, String>) (Map<String, ?>) current.get(METADATA),
						(Map<String, String>) value));
			}
			else {
				result.put(key, JsonValues.copy(value));
			}
		});
		AgentTools.requireKnownMcpServers(tools(result), mcpServers(result), TOOLS);
		return result;
	}

	/**
	 * Validates the overrides a session may make to the agent it runs ({@code model},
	 * {@code system}, {@code tools}, {@code mcp_servers}, {@code skills}). An absent or
	 * {@code null} override keeps the agent's value, except {@code system}, which
	 * {@code null} clears.
	 * @param parent the name of the overrides object in error messages
	 * @return the overrides given, normalized
	 */
	static Map<String, Object> parseSessionOverrides(Map<String, Object> overrides, String parent) {
		Map<String, Object> parsed = new LinkedHashMap<>();
		if (overrides.get(MODEL) != null) {
			parsed.put(MODEL, model(overrides.get(MODEL), JsonValues.field(parent, MODEL)));
		}
		if (overrides.containsKey(SYSTEM)) {
			parsed.put(SYSTEM,
					optionalText(overrides.get(SYSTEM), JsonValues.field(parent, SYSTEM), MAX_SYSTEM_LENGTH));
		}
		if (overrides.get(TOOLS) != null) {
			parsed.put(TOOLS, AgentTools.resolve(overrides.get(TOOLS), JsonValues.field(parent, TOOLS)));
		}
		if (overrides.get(MCP_SERVERS) != null) {
			parsed.put(MCP_SERVERS, mcpServers(overrides.get(MCP_SERVERS), JsonValues.field(parent, MCP_SERVERS)));
		}
		if (overrides.get(SKILLS) != null) {
			parsed.put(SKILLS, skills(overrides.get(SKILLS), JsonValues.field(parent, SKILLS)));
		}
		return parsed;
	}

	/**
	 * Applies parsed session overrides to an agent snapshot, checking that its
	 * {@code mcp_toolset} entries still name servers it has.
	 */
	static void applySessionOverrides(Map<String, Object> snapshot, Map<String, Object> parsed, String parent) {
		parsed.forEach((key, value) -> snapshot.put(key, JsonValues.copy(value)));
		AgentTools.requireKnownMcpServers(tools(snapshot), mcpServers(snapshot), JsonValues.field(parent, TOOLS));
	}

	@SuppressWarnings("unchecked")
	static List<Object> tools(Map<String, Object> definition) {
		return (List<Object>) definition.get(TOOLS);
	}

	@SuppressWarnings("unchecked")
	static List<Object> mcpServers(Map<String, Object> definition) {
		return (List<Object>) definition.get(MCP_SERVERS);
	}

	private static String name(Object value, String field) {
		if (value != null && !(value instanceof String)) {
			throw ApiException.invalidRequest(field + " must be a string");
		}
		TextRules.requireName(field, (String) value, MAX_NAME_LENGTH);
		return (String) value;
	}

	private static String optionalText(Object value, String field, int maxLength) {
		if (value == null) {
			return null;
		}
		String text = JsonValues.string(value, field);
		TextRules.requireLength(field, text, 0, maxLength);
		return text;
	}

	/**
	 * A model given as {@code "claude-..."} or as {@code {id, effort?, speed?,
	 * inference_geo?}}, returned as the object.
	 */
	static Map<String, Object> model(Object value, String field) {
		if (value == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		Map<String, Object> model = new LinkedHashMap<>();
		if (value instanceof String id) {
			model.put("id", requireModelId(id, JsonValues.field(field, "id")));
			return model;
		}
		if (!(value instanceof Map<?, ?>)) {
			throw ApiException.invalidRequest(field + " must be a model name or an object with an id");
		}
		Map<String, Object> given = JsonValues.object(value, field);
		if (given.get("id") == null) {
			throw ApiException.invalidRequest(JsonValues.field(field, "id") + " is required");
		}
		model.put("id", requireModelId(JsonValues.string(given.get("id"), JsonValues.field(field, "id")),
				JsonValues.field(field, "id")));
		if (given.get("effort") != null) {
			model.put("effort", effort(given.get("effort"), JsonValues.field(field, "effort")));
		}
		if (given.get("speed") != null) {
			String speed = JsonValues.string(given.get("speed"), JsonValues.field(field, "speed"));
			if (!SPEEDS.contains(speed)) {
				throw ApiException.invalidRequest(
						JsonValues.field(field, "speed") + " must be 'standard' or 'fast'; got '" + speed + "'");
			}
			model.put("speed", speed);
		}
		if (given.get("inference_geo") != null) {
			model.put("inference_geo",
					JsonValues.string(given.get("inference_geo"), JsonValues.field(field, "inference_geo")));
		}
		JsonValues.copyOthers(given, Set.of("id", "effort", "speed", "inference_geo"), model, field);
		return model;
	}

	private static String requireModelId(String id, String field) {
		TextRules.requireName(field, id, MAX_NAME_LENGTH);
		return id;
	}

	/**
	 * An effort given as a level ({@code "high"}) or as {@code {"type": "high"}},
	 * returned as the object.
	 */
	private static Map<String, Object> effort(Object value, String field) {
		Map<String, Object> effort = new LinkedHashMap<>();
		if (value instanceof String level) {
			effort.put("type", requireEffortLevel(level, field));
			return effort;
		}
		Map<String, Object> given = JsonValues.object(value, field);
		effort.put("type", requireEffortLevel(JsonValues.requiredString(given, "type", field), field));
		JsonValues.copyOthers(given, Set.of("type"), effort, field);
		return effort;
	}

	private static String requireEffortLevel(String level, String field) {
		if (!EFFORT_LEVELS.contains(level)) {
			throw ApiException
				.invalidRequest(field + " must be one of low, medium, high, xhigh, max; got '" + level + "'");
		}
		return level;
	}

	private static List<Object> mcpServers(Object value, String field) {
		if (value == null) {
			return new ArrayList<>();
		}
		List<Object> servers = JsonValues.array(value, field);
		if (servers.size() > MAX_MCP_SERVERS) {
			throw ApiException
				.invalidRequest(field + " may hold at most " + MAX_MCP_SERVERS + " servers, got " + servers.size());
		}
		List<Object> resolved = new ArrayList<>(servers.size());
		Set<String> names = new HashSet<>();
		for (int i = 0; i < servers.size(); i++) {
			String path = JsonValues.element(field, i);
			Map<String, Object> server = JsonValues.object(servers.get(i), path);
			Object type = server.getOrDefault("type", "url");
			if (!"url".equals(type)) {
				throw ApiException.invalidRequest(JsonValues.field(path, "type") + " must be 'url'");
			}
			String name = JsonValues.requiredString(server, "name", path);
			if (!names.add(name)) {
				throw ApiException.invalidRequest(field + " names the server '" + name + "' more than once");
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("type", "url");
			entry.put("name", name);
			entry.put("url", JsonValues.requiredString(server, "url", path));
			JsonValues.copyOthers(server, Set.of("type", "name", "url"), entry, path);
			resolved.add(entry);
		}
		return resolved;
	}

	private static List<Object> skills(Object value, String field) {
		if (value == null) {
			return new ArrayList<>();
		}
		List<Object> skills = JsonValues.array(value, field);
		if (skills.size() > MAX_SKILLS) {
			throw ApiException
				.invalidRequest(field + " may hold at most " + MAX_SKILLS + " skills, got " + skills.size());
		}
		List<Object> resolved = new ArrayList<>(skills.size());
		for (int i = 0; i < skills.size(); i++) {
			String path = JsonValues.element(field, i);
			Map<String, Object> skill = JsonValues.object(skills.get(i), path);
			String type = JsonValues.requiredString(skill, "type", path);
			if (!SKILL_TYPES.contains(type)) {
				throw ApiException.invalidRequest(
						JsonValues.field(path, "type") + " must be 'anthropic' or 'custom'; got '" + type + "'");
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("type", type);
			entry.put("skill_id", JsonValues.requiredString(skill, "skill_id", path));
			// The object always names a version; without one a skill follows its latest.
			entry.put("version", (skill.get("version") != null)
					? JsonValues.string(skill.get("version"), JsonValues.field(path, "version")) : "latest");
			JsonValues.copyOthers(skill, Set.of("type", "skill_id", "version"), entry, path);
			resolved.add(entry);
		}
		return resolved;
	}

	private static Map<String, String> metadataPatch(Object value) {
		Map<String, Object> given = JsonValues.object(value, METADATA);
		Map<String, String> patch = new LinkedHashMap<>();
		given.forEach((key, item) -> {
			if (item != null && !(item instanceof String)) {
				throw ApiException
					.invalidRequest("metadata values must be strings (or null to remove a key); '" + key + "' is not");
			}
			patch.put(key, (String) item);
		});
		return patch;
	}

	private static Map<String, String> metadata(Map<String, String> current, Object patch) {
		return new LinkedHashMap<>(Metadata.patch(current, (patch != null) ? metadataPatch(patch) : null));
	}

	private static Map<String, Object> multiagent(Object value) {
		if (value == null) {
			return null;
		}
		Map<String, Object> multiagent = new LinkedHashMap<>();
		JsonValues.copyOthers(JsonValues.object(value, MULTIAGENT), Set.of(), multiagent, MULTIAGENT);
		return multiagent;
	}

	private static Map<String, Object> executionIdentity(Object value) {
		Map<String, Object> identity = new LinkedHashMap<>();
		if (value == null) {
			identity.put("type", "service_account");
			return identity;
		}
		Map<String, Object> given = JsonValues.object(value, EXECUTION_IDENTITY);
		identity.put("type", JsonValues.requiredString(given, "type", EXECUTION_IDENTITY));
		JsonValues.copyOthers(given, Set.of("type"), identity, EXECUTION_IDENTITY);
		return identity;
	}

	private static void copyUnknownFields(Map<String, Object> body, Map<String, Object> target) {
		Map<String, Object> unknown = new LinkedHashMap<>(body);
		unknown.keySet().removeAll(FIELDS);
		unknown.keySet().removeAll(SERVER_FIELDS);
		JsonValues.copyOthers(unknown, Set.of(), target, "");
	}

}
