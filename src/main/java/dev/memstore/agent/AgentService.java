package dev.memstore.agent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Timestamps;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agents of a workspace and their versions, and the agent a new session runs. Every
 * method takes the caller's workspace: an agent of another workspace is indistinguishable
 * from one that does not exist.
 */
@Service
@Transactional
public class AgentService {

	static final String ID_PREFIX = "agent_";

	private static final String TYPE_AGENT = "agent";

	private static final String TYPE_WITH_OVERRIDES = "agent_with_overrides";

	private final AgentRepository agents;

	private final AgentVersionRepository versions;

	AgentService(AgentRepository agents, AgentVersionRepository versions) {
		this.agents = agents;
		this.versions = versions;
	}

	/**
	 * Creates an agent at version 1.
	 * @param body the request body as bound from JSON; fields memstore does not know are
	 * kept and echoed
	 */
	public Agent create(String workspaceId, Map<String, Object> body) {
		Map<String, Object> definition = AgentDefinition.forCreate(body);
		Instant now = Timestamps.now();
		AgentEntity agent = this.agents.save(new AgentEntity(Ids.next(ID_PREFIX), workspaceId, definition, now));
		this.versions.save(new AgentVersionEntity(agent.getId(), 1, definition, now));
		return current(agent);
	}

	/**
	 * Returns the current version of an agent, or the given one.
	 * @param version {@code null} for the current version
	 */
	@Transactional(readOnly = true)
	public Agent get(String workspaceId, String agentId, Integer version) {
		AgentEntity agent = find(workspaceId, agentId);
		return (version == null) ? current(agent) : version(agent, version);
	}

	/**
	 * Updates an agent: {@code metadata} is a patch, every other field given replaces the
	 * current one (arrays whole). A change makes a new version; an update that changes
	 * nothing returns the current version as it is.
	 * @param body may carry {@code version}, the version the caller last saw; if it is
	 * not the current one the update fails with {@code conflict_error}
	 */
	public Agent update(String workspaceId, String agentId, Map<String, Object> body) {
		Integer expectedVersion = (body.get("version") != null) ? JsonValues.integer(body.get("version"), "version")
				: null;
		Map<String, Object> changes = AgentDefinition.parseUpdate(body);
		AgentEntity agent = findForUpdate(workspaceId, agentId);
		if (agent.isArchived()) {
			throw ApiException.invalidRequest("agent " + agentId + " is archived; archived agents cannot be updated");
		}
		if (expectedVersion != null && expectedVersion != agent.getVersion()) {
			throw new ApiException(ApiErrorType.CONFLICT, "agent " + agentId + " is at version " + agent.getVersion()
					+ ", not " + expectedVersion + "; retrieve it and apply the change again");
		}
		Map<String, Object> definition = AgentDefinition.apply(agent.getConfig(), changes);
		if (definition.equals(agent.getConfig())) {
			return current(agent);
		}
		Instant now = Timestamps.now();
		int version = agent.newVersion(definition, now);
		this.versions.save(new AgentVersionEntity(agent.getId(), version, definition, now));
		return current(agent);
	}

	/**
	 * Lists agents newest first, one keyset page at a time.
	 */
	@Transactional(readOnly = true)
	public ListPage<Agent> list(String workspaceId, boolean includeArchived, CreatedAtRange createdAt,
			PageParams page) {
		String scope = "agents|" + includeArchived + "|" + createdAt.scopeKey();
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		List<AgentEntity> rows = KeysetQuery.newestFirstInWorkspace(workspaceId, includeArchived, createdAt)
			.after(after)
			.limit(page.limit())
			.list(this.agents);
		return ListPage.of(rows, page.limit(), AgentService::current,
				(last) -> PageCursor.encode(scope, List.of(last.getCreatedAt().toString(), last.getId())));
	}

	/**
	 * Lists the versions of an agent, newest first.
	 */
	@Transactional(readOnly = true)
	public ListPage<Agent> listVersions(String workspaceId, String agentId, PageParams page) {
		AgentEntity agent = find(workspaceId, agentId);
		String scope = "agent_versions|" + agentId;
		int before = agent.getVersion() + 1;
		if (page.page() != null) {
			String after = PageCursor.decode(page.page(), scope, 1).get(0);
			try {
				before = Integer.parseInt(after);
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalidRequest("page is not a valid page cursor");
			}
		}
		List<AgentVersionEntity> rows = this.versions.findOlder(agentId, before, Limit.of(page.limit() + 1));
		return ListPage.of(rows, page.limit(), (row) -> toAgent(agent, row),
				(last) -> PageCursor.encode(scope, List.of(Integer.toString(last.getVersion()))));
	}

	/**
	 * Archives an agent: it stays readable, leaves the default list, and can no longer
	 * start sessions. Archiving an archived agent returns it unchanged.
	 */
	public Agent archive(String workspaceId, String agentId) {
		AgentEntity agent = findForUpdate(workspaceId, agentId);
		agent.archive(Timestamps.now());
		return current(agent);
	}

	/**
	 * Resolves the {@code agent} of a session-create body.
	 * @param agentParam as bound from JSON: an agent id (latest version), or
	 * {@code {type:"agent", id, version?}}, or {@code {type:"agent_with_overrides", id,
	 * version?, model?, system?, tools?, mcp_servers?, skills?}}
	 * @throws ApiException 404 for an unknown agent or version, 400 for an archived agent
	 * or a malformed parameter (naming the field, such as {@code agent.type})
	 */
	@Transactional(readOnly = true)
	public SessionAgent resolveForSession(String workspaceId, Object agentParam) {
		String agentId;
		Integer version = null;
		Map<String, Object> overrides = null;
		if (agentParam == null) {
			throw ApiException.invalidRequest("agent is required");
		}
		if (agentParam instanceof String id) {
			agentId = id;
		}
		else if (agentParam instanceof Map<?, ?>) {
			Map<String, Object> reference = JsonValues.object(agentParam, "agent");
			Object type = reference.get("type");
			if (!TYPE_AGENT.equals(type) && !TYPE_WITH_OVERRIDES.equals(type)) {
				throw ApiException.invalidRequest("agent.type must be '" + TYPE_AGENT + "' or '" + TYPE_WITH_OVERRIDES
						+ "'" + ((type != null) ? "; got " + JsonValues.describe(type) : ""));
			}
			agentId = JsonValues.requiredString(reference, "id", "agent");
			if (reference.get("version") != null) {
				version = JsonValues.integer(reference.get("version"), "agent.version");
			}
			if (TYPE_WITH_OVERRIDES.equals(type)) {
				overrides = AgentDefinition.parseSessionOverrides(reference, "agent");
			}
		}
		else {
			throw ApiException.invalidRequest("agent must be an agent id or an object with type and id");
		}
		Map<String, Object> snapshot = new LinkedHashMap<>();
		Agent agent = get(workspaceId, agentId, version);
		if (agent.archivedAt() != null) {
			throw ApiException
				.invalidRequest("agent " + agentId + " is archived; archived agents cannot start new sessions");
		}
		snapshot.put("id", agent.id());
		snapshot.put("type", Agent.TYPE);
		snapshot.put("version", agent.version());
		snapshot.put("name", agent.name());
		snapshot.put("description", agent.description());
		snapshot.put("system", agent.system());
		snapshot.put("model", agent.model());
		snapshot.put("tools", agent.tools());
		snapshot.put("mcp_servers", agent.mcpServers());
		snapshot.put("skills", agent.skills());
		snapshot.put("multiagent", agent.multiagent());
		snapshot.put("execution_identity", agent.executionIdentity());
		if (overrides != null) {
			AgentDefinition.applySessionOverrides(snapshot, overrides, "agent");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> model = (Map<String, Object>) snapshot.get("model");
		return new SessionAgent(agent.id(), agent.version(), (String) model.get("id"), (String) snapshot.get("system"),
				snapshot);
	}

	/**
	 * Applies a session update's {@code agent} ({@code {tools?, mcp_servers?}}) to the
	 * session's snapshot: the arrays given replace the snapshot's, validated and resolved
	 * as on agent create.
	 * @return a new snapshot; the one given is not changed
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public Map<String, Object> updateSessionAgent(Map<String, Object> snapshot, Object agentUpdateParam) {
		Map<String, Object> updated = JsonValues.copyObject(snapshot);
		if (agentUpdateParam == null) {
			return updated;
		}
		Map<String, Object> update = JsonValues.object(agentUpdateParam, "agent");
		Map<String, Object> updatable = new LinkedHashMap<>();
		for (String field : List.of(AgentDefinition.TOOLS, AgentDefinition.MCP_SERVERS)) {
			if (update.containsKey(field)) {
				updatable.put(field, update.get(field));
			}
		}
		AgentDefinition.applySessionOverrides(updated, AgentDefinition.parseSessionOverrides(updatable, "agent"),
				"agent");
		return updated;
	}

	private AgentEntity find(String workspaceId, String agentId) {
		if (!Ids.isWellFormed(agentId, ID_PREFIX)) {
			throw notFound(agentId);
		}
		return this.agents.findByIdAndWorkspaceId(agentId, workspaceId).orElseThrow(() -> notFound(agentId));
	}

	private AgentEntity findForUpdate(String workspaceId, String agentId) {
		if (!Ids.isWellFormed(agentId, ID_PREFIX)) {
			throw notFound(agentId);
		}
		return this.agents.findForUpdate(agentId, workspaceId).orElseThrow(() -> notFound(agentId));
	}

	private Agent version(AgentEntity agent, int version) {
		if (version == agent.getVersion()) {
			return current(agent);
		}
		return this.versions.findVersion(agent.getId(), version)
			.map((row) -> toAgent(agent, row))
			.orElseThrow(() -> ApiException.notFound("agent " + agent.getId() + " has no version " + version));
	}

	private static Agent current(AgentEntity agent) {
		return toAgent(agent, agent.getVersion(), agent.getConfig(), agent.getUpdatedAt());
	}

	private static Agent toAgent(AgentEntity agent, AgentVersionEntity row) {
		if (row.getVersion() == agent.getVersion()) {
			return current(agent);
		}
		return toAgent(agent, row.getVersion(), row.getConfig(), row.getCreatedAt());
	}

	@SuppressWarnings("unchecked")
	private static Agent toAgent(AgentEntity agent, int version, Map<String, Object> stored, Instant updatedAt) {
		Map<String, Object> config = JsonValues.copyObject(stored);
		Map<String, Object> otherFields = new LinkedHashMap<>(config);
		AgentDefinition.FIELDS.forEach(otherFields::remove);
		return new Agent(agent.getId(), Agent.TYPE, (String) config.get(AgentDefinition.NAME),
				(String) config.get(AgentDefinition.DESCRIPTION), (String) config.get(AgentDefinition.SYSTEM),
				(Map<String, Object>) config.get(AgentDefinition.MODEL),
				(List<Object>) config.get(AgentDefinition.TOOLS),
				(List<Object>) config.get(AgentDefinition.MCP_SERVERS),
				(List<Object>) config.get(AgentDefinition.SKILLS),
				(Map<String, String>) (Map<String, ?>) config.get(AgentDefinition.METADATA),
				(Map<String, Object>) config.get(AgentDefinition.MULTIAGENT),
				(Map<String, Object>) config.get(AgentDefinition.EXECUTION_IDENTITY), version, agent.getCreatedAt(),
				updatedAt, agent.getArchivedAt(), otherFields);
	}

	private static ApiException notFound(String agentId) {
		return ApiException.notFound("no agent " + agentId);
	}

}
