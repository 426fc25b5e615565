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
 * Reads agent bodies: validates the JSON as bound, naming the offending field in every
 * error ({@code tools[0].type}), and builds the records of an agent's configuration (a
 * string {@code model} becomes {@code {"id": ...}}, tools are resolved), keeping any
 * field the caller sent that memstore does not interpret.
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
	static AgentConfig forCreate(Map<String, Object> body) {
		AgentConfig config = new AgentConfig(name(body.get(NAME), NAME),
				optionalText(body.get(DESCRIPTION), DESCRIPTION, MAX_DESCRIPTION_LENGTH),
				optionalText(body.get(SYSTEM), SYSTEM, MAX_SYSTEM_LENGTH), model(body.get(MODEL), MODEL),
				AgentTools.resolve(body.get(TOOLS), TOOLS), mcpServers(body.get(MCP_SERVERS), MCP_SERVERS),
				skills(body.get(SKILLS), SKILLS), metadata(Map.of(), body.get(METADATA)),
				multiagent(body.get(MULTIAGENT)), executionIdentity(body.get(EXECUTION_IDENTITY)), unknownFields(body));
		AgentTools.requireKnownMcpServers(config.tools(), config.mcpServers(), TOOLS);
		return config;
	}

	/**
	 * The fields of an update body, each validated on its own, before the agent is read.
	 * Applying it to the current configuration ({@link #apply}) checks what depends on
	 * both.
	 */
	static Update parseUpdate(Map<String, Object> body) {
		Set<String> given = new HashSet<>();
		for (String field : FIELDS) {
			if (body.containsKey(field)) {
				given.add(field);
			}
		}
		// metadata is a patch: null changes nothing.
		if (body.get(METADATA) == null) {
			given.remove(METADATA);
		}
		// Arrays are replaced whole; null empties them.
		return new Update(given, given.contains(NAME) ? name(body.get(NAME), NAME) : null,
				given.contains(DESCRIPTION) ? optionalText(body.get(DESCRIPTION), DESCRIPTION, MAX_DESCRIPTION_LENGTH)
						: null,
				given.contains(SYSTEM) ? optionalText(body.get(SYSTEM), SYSTEM, MAX_SYSTEM_LENGTH) : null,
				given.contains(MODEL) ? model(body.get(MODEL), MODEL) : null,
				given.contains(TOOLS) ? AgentTools.resolve(body.get(TOOLS), TOOLS) : null,
				given.contains(MCP_SERVERS) ? mcpServers(body.get(MCP_SERVERS), MCP_SERVERS) : null,
				given.contains(SKILLS) ? skills(body.get(SKILLS), SKILLS) : null,
				given.contains(METADATA) ? metadataPatch(body.get(METADATA)) : null,
				given.contains(MULTIAGENT) ? multiagent(body.get(MULTIAGENT)) : null,
				given.contains(EXECUTION_IDENTITY) ? executionIdentity(body.get(EXECUTION_IDENTITY)) : null,
				unknownFields(body));
	}

	/**
	 * The configuration that results from applying parsed changes: {@code metadata} is a
	 * patch, fields memstore does not know are set one by one, every other field given
	 * replaces the current one.
	 */
	static AgentConfig apply(AgentConfig current, Update changes) {
		Map<String, Object> otherFields = new LinkedHashMap<>(current.otherFields());
		otherFields.putAll(changes.otherFields());
		AgentConfig result = new AgentConfig(changes.pick(NAME, changes.name(), current.name()),
				changes.pick(DESCRIPTION, changes.description(), current.description()),
				changes.pick(SYSTEM, changes.system(), current.system()),
				changes.pick(MODEL, changes.model(), current.model()),
				changes.pick(TOOLS, changes.tools(), current.tools()),
				changes.pick(MCP_SERVERS, changes.mcpServers(), current.mcpServers()),
				changes.pick(SKILLS, changes.skills(), current.skills()),
				changes.given().contains(METADATA) ? metadata(current.metadata(), changes.metadataPatch())
						: current.metadata(),
				changes.pick(MULTIAGENT, changes.multiagent(), current.multiagent()),
				changes.pick(EXECUTION_IDENTITY, changes.executionIdentity(), current.executionIdentity()),
				otherFields);
		AgentTools.requireKnownMcpServers(result.tools(), result.mcpServers(), TOOLS);
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
	static SessionOverrides parseSessionOverrides(Map<String, Object> overrides, String parent) {
		return new SessionOverrides(
				(overrides.get(MODEL) != null) ? model(overrides.get(MODEL), JsonValues.field(parent, MODEL)) : null,
				overrides.containsKey(SYSTEM),
				overrides.containsKey(SYSTEM)
						? optionalText(overrides.get(SYSTEM), JsonValues.field(parent, SYSTEM), MAX_SYSTEM_LENGTH)
						: null,
				(overrides.get(TOOLS) != null)
						? AgentTools.resolve(overrides.get(TOOLS), JsonValues.field(parent, TOOLS)) : null,
				(overrides.get(MCP_SERVERS) != null)
						? mcpServers(overrides.get(MCP_SERVERS), JsonValues.field(parent, MCP_SERVERS)) : null,
				(overrides.get(SKILLS) != null) ? skills(overrides.get(SKILLS), JsonValues.field(parent, SKILLS))
						: null);
	}

	/**
	 * Applies parsed session overrides to an agent snapshot, checking that its
	 * {@code mcp_toolset} entries still name servers it has.
	 */
	static SessionAgent applySessionOverrides(SessionAgent snapshot, SessionOverrides overrides, String parent) {
		SessionAgent result = snapshot.with((overrides.model() != null) ? overrides.model() : snapshot.model(),
				overrides.systemGiven() ? overrides.system() : snapshot.system(),
				(overrides.tools() != null) ? overrides.tools() : snapshot.tools(),
				(overrides.mcpServers() != null) ? overrides.mcpServers() : snapshot.mcpServers(),
				(overrides.skills() != null) ? overrides.skills() : snapshot.skills());
		AgentTools.requireKnownMcpServers(result.tools(), result.mcpServers(), JsonValues.field(parent, TOOLS));
		return result;
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
	static AgentModel model(Object value, String field) {
		if (value == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		if (value instanceof String id) {
			return AgentModel.of(requireModelId(id, JsonValues.field(field, "id")));
		}
		if (!(value instanceof Map<?, ?>)) {
			throw ApiException.invalidRequest(field + " must be a model name or an object with an id");
		}
		Map<String, Object> given = JsonValues.object(value, field);
		if (given.get("id") == null) {
			throw ApiException.invalidRequest(JsonValues.field(field, "id") + " is required");
		}
		String id = requireModelId(JsonValues.string(given.get("id"), JsonValues.field(field, "id")),
				JsonValues.field(field, "id"));
		AgentModel.Effort effort = (given.get("effort") != null)
				? effort(given.get("effort"), JsonValues.field(field, "effort")) : null;
		String speed = null;
		if (given.get("speed") != null) {
			speed = JsonValues.string(given.get("speed"), JsonValues.field(field, "speed"));
			if (!SPEEDS.contains(speed)) {
				throw ApiException.invalidRequest(
						JsonValues.field(field, "speed") + " must be 'standard' or 'fast'; got '" + speed + "'");
			}
		}
		String inferenceGeo = (given.get("inference_geo") != null)
				? JsonValues.string(given.get("inference_geo"), JsonValues.field(field, "inference_geo")) : null;
		return new AgentModel(id, effort, speed, inferenceGeo,
				JsonValues.others(given, Set.of("id", "effort", "speed", "inference_geo"), field));
	}

	private static String requireModelId(String id, String field) {
		TextRules.requireName(field, id, MAX_NAME_LENGTH);
		return id;
	}

	/**
	 * An effort given as a level ({@code "high"}) or as {@code {"type": "high"}},
	 * returned as the object.
	 */
	private static AgentModel.Effort effort(Object value, String field) {
		if (value instanceof String level) {
			return new AgentModel.Effort(requireEffortLevel(level, field), Map.of());
		}
		Map<String, Object> given = JsonValues.object(value, field);
		String type = requireEffortLevel(JsonValues.requiredString(given, "type", field), field);
		return new AgentModel.Effort(type, JsonValues.others(given, Set.of("type"), field));
	}

	private static String requireEffortLevel(String level, String field) {
		if (!EFFORT_LEVELS.contains(level)) {
			throw ApiException
				.invalidRequest(field + " must be one of low, medium, high, xhigh, max; got '" + level + "'");
		}
		return level;
	}

	private static List<McpServer> mcpServers(Object value, String field) {
		if (value == null) {
			return List.of();
		}
		List<Object> servers = JsonValues.array(value, field);
		if (servers.size() > MAX_MCP_SERVERS) {
			throw ApiException
				.invalidRequest(field + " may hold at most " + MAX_MCP_SERVERS + " servers, got " + servers.size());
		}
		List<McpServer> resolved = new ArrayList<>(servers.size());
		Set<String> names = new HashSet<>();
		for (int i = 0; i < servers.size(); i++) {
			String path = JsonValues.element(field, i);
			Map<String, Object> server = JsonValues.object(servers.get(i), path);
			Object type = server.getOrDefault("type", McpServer.URL);
			if (!McpServer.URL.equals(type)) {
				throw ApiException.invalidRequest(JsonValues.field(path, "type") + " must be 'url'");
			}
			String name = JsonValues.requiredString(server, "name", path);
			if (!names.add(name)) {
				throw ApiException.invalidRequest(field + " names the server '" + name + "' more than once");
			}
			String url = JsonValues.requiredString(server, "url", path);
			resolved.add(new McpServer(McpServer.URL, name, url,
					JsonValues.others(server, Set.of("type", "name", "url"), path)));
		}
		return resolved;
	}

	private static List<Skill> skills(Object value, String field) {
		if (value == null) {
			return List.of();
		}
		List<Object> skills = JsonValues.array(value, field);
		if (skills.size() > MAX_SKILLS) {
			throw ApiException
				.invalidRequest(field + " may hold at most " + MAX_SKILLS + " skills, got " + skills.size());
		}
		List<Skill> resolved = new ArrayList<>(skills.size());
		for (int i = 0; i < skills.size(); i++) {
			String path = JsonValues.element(field, i);
			Map<String, Object> skill = JsonValues.object(skills.get(i), path);
			String type = JsonValues.requiredString(skill, "type", path);
			if (!SKILL_TYPES.contains(type)) {
				throw ApiException.invalidRequest(
						JsonValues.field(path, "type") + " must be 'anthropic' or 'custom'; got '" + type + "'");
			}
			String skillId = JsonValues.requiredString(skill, "skill_id", path);
			// The object always names a version; without one a skill follows its latest.
			String version = (skill.get("version") != null)
					? JsonValues.string(skill.get("version"), JsonValues.field(path, "version")) : Skill.LATEST;
			resolved.add(new Skill(type, skillId, version,
					JsonValues.others(skill, Set.of("type", "skill_id", "version"), path)));
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
		return JsonValues.others(JsonValues.object(value, MULTIAGENT), Set.of(), MULTIAGENT);
	}

	private static ExecutionIdentity executionIdentity(Object value) {
		if (value == null) {
			return ExecutionIdentity.SERVICE_ACCOUNT;
		}
		Map<String, Object> given = JsonValues.object(value, EXECUTION_IDENTITY);
		String type = JsonValues.requiredString(given, "type", EXECUTION_IDENTITY);
		return new ExecutionIdentity(type, JsonValues.others(given, Set.of("type"), EXECUTION_IDENTITY));
	}

	private static Map<String, Object> unknownFields(Map<String, Object> body) {
		Map<String, Object> unknown = new LinkedHashMap<>(body);
		unknown.keySet().removeAll(FIELDS);
		unknown.keySet().removeAll(SERVER_FIELDS);
		return JsonValues.others(unknown, Set.of(), "");
	}

	/**
	 * A validated update body.
	 *
	 * @param given the configuration fields the body sets; the others keep their current
	 * value ({@code metadata} given only when it is a patch)
	 * @param metadataPatch keys to set, and keys to remove with {@code null}
	 * @param otherFields fields memstore does not know, set one by one
	 */
	record Update(Set<String> given, String name, String description, String system, AgentModel model,
			List<AgentTool> tools, List<McpServer> mcpServers, List<Skill> skills, Map<String, String> metadataPatch,
			Map<String, Object> multiagent, ExecutionIdentity executionIdentity, Map<String, Object> otherFields) {

		<T> T pick(String field, T changed, T current) {
			return this.given.contains(field) ? changed : current;
		}

	}

	/**
	 * The overrides of a session's agent; {@code null} keeps the agent's value.
	 *
	 * @param systemGiven whether {@code system} is overridden, possibly cleared
	 */
	record SessionOverrides(AgentModel model, boolean systemGiven, String system, List<AgentTool> tools,
			List<McpServer> mcpServers, List<Skill> skills) {

	}

}
