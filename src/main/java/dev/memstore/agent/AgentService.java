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
import dev.memstore.kernel.WebhookEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agents of a workspace and their versions, and the agent a new session runs. Every
 * method takes the caller's workspace: an agent of another workspace is indistinguishable
 * from one that does not exist. A creation, an update that makes a version and an
 * archiving are announced ({@code agent.created}, {@code .updated}, {@code .archived}) in
 * their own transaction.
 */
@Service
@Transactional
public class AgentService {

	static final String ID_PREFIX = "agent_";

	private static final String TYPE_AGENT = "agent";

	private static final String TYPE_WITH_OVERRIDES = "agent_with_overrides";

	private final AgentRepository agents;

	private final AgentVersionRepository versions;

	private final StoredJson json;

	private final ApplicationEventPublisher publisher;

	AgentService(AgentRepository agents, AgentVersionRepository versions, StoredJson json,
			ApplicationEventPublisher publisher) {
		this.agents = agents;
		this.versions = versions;
		this.json = json;
		this.publisher = publisher;
	}

	/**
	 * Creates an agent at version 1.
	 * @param body the request body as bound from JSON; fields memstore does not know are
	 * kept and echoed
	 */
	public Agent create(String workspaceId, Map<String, Object> body) {
		Map<String, Object> stored = stored(AgentDefinition.forCreate(body));
		Instant now = Timestamps.now();
		AgentRow agent = AgentRow.created(Ids.next(ID_PREFIX), workspaceId, stored, now);
		this.agents.insert(agent);
		this.versions.insert(new AgentVersionRow(agent.id(), agent.version(), stored, now));
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, agent.id(), "agent.created"));
		return current(agent);
	}

	/**
	 * Returns the current version of an agent, or the given one.
	 * @param version {@code null} for the current version
	 */
	@Transactional(readOnly = true)
	public Agent get(String workspaceId, String agentId, Integer version) {
		AgentRow agent = find(workspaceId, agentId);
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
		AgentDefinition.Update changes = AgentDefinition.parseUpdate(body);
		AgentRow agent = findForUpdate(workspaceId, agentId);
		if (agent.isArchived()) {
			throw ApiException.invalidRequest("agent " + agentId + " is archived; archived agents cannot be updated");
		}
		if (expectedVersion != null && expectedVersion != agent.version()) {
			throw new ApiException(ApiErrorType.CONFLICT, "agent " + agentId + " is at version " + agent.version()
					+ ", not " + expectedVersion + "; retrieve it and apply the change again");
		}
		AgentConfig current = config(agent.config());
		AgentConfig next = AgentDefinition.apply(current, changes);
		if (next.equals(current)) {
			return current(agent);
		}
		Instant now = Timestamps.now();
		AgentRow updated = agent.withNextVersion(stored(next), now);
		this.agents.update(updated);
		this.versions.insert(new AgentVersionRow(updated.id(), updated.version(), updated.config(), now));
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, agentId, "agent.updated"));
		return current(updated);
	}

	/**
	 * Lists agents newest first, one keyset page at a time.
	 */
	@Transactional(readOnly = true)
	public ListPage<Agent> list(String workspaceId, boolean includeArchived, CreatedAtRange createdAt,
			PageParams page) {
		String scope = "agents|" + includeArchived + "|" + createdAt.scopeKey();
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		List<AgentRow> rows = this.agents
			.list(KeysetQuery.newestFirstInWorkspace(workspaceId, includeArchived, createdAt)
				.after(after)
				.limit(page.limit()));
		return ListPage.of(rows, page.limit(), this::current,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	/**
	 * Lists the versions of an agent, newest first.
	 */
	@Transactional(readOnly = true)
	public ListPage<Agent> listVersions(String workspaceId, String agentId, PageParams page) {
		AgentRow agent = find(workspaceId, agentId);
		String scope = "agent_versions|" + agentId;
		int before = agent.version() + 1;
		if (page.page() != null) {
			String after = PageCursor.decode(page.page(), scope, 1).get(0);
			try {
				before = Integer.parseInt(after);
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalidRequest("page is not a valid page cursor");
			}
		}
		List<AgentVersionRow> rows = this.versions.older(agentId, before, page.limit() + 1);
		return ListPage.of(rows, page.limit(), (row) -> toAgent(agent, row),
				(last) -> PageCursor.encode(scope, List.of(Integer.toString(last.version()))));
	}

	/**
	 * Archives an agent: it stays readable, leaves the default list, and can no longer
	 * start sessions. Archiving an archived agent returns it unchanged.
	 */
	public Agent archive(String workspaceId, String agentId) {
		AgentRow agent = findForUpdate(workspaceId, agentId);
		AgentRow archived = agent.archived(Timestamps.now());
		if (archived != agent) {
			this.agents.update(archived);
			this.publisher.publishEvent(WebhookEvent.of(workspaceId, agentId, "agent.archived"));
		}
		return current(archived);
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
		AgentDefinition.SessionOverrides overrides = null;
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
		Agent agent = get(workspaceId, agentId, version);
		if (agent.archivedAt() != null) {
			throw ApiException
				.invalidRequest("agent " + agentId + " is archived; archived agents cannot start new sessions");
		}
		SessionAgent snapshot = new SessionAgent(agent.id(), agent.version(), agent.name(), agent.description(),
				agent.system(), agent.model(), agent.tools(), agent.mcpServers(), agent.skills(), agent.multiagent(),
				agent.executionIdentity());
		return (overrides != null) ? AgentDefinition.applySessionOverrides(snapshot, overrides, "agent") : snapshot;
	}

	/**
	 * Applies a session update's {@code agent} ({@code {tools?, mcp_servers?}}) to the
	 * session's snapshot: the arrays given replace the snapshot's, validated and resolved
	 * as on agent create.
	 * @return the updated snapshot
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public SessionAgent updateSessionAgent(SessionAgent snapshot, Object agentUpdateParam) {
		if (agentUpdateParam == null) {
			return snapshot;
		}
		Map<String, Object> update = JsonValues.object(agentUpdateParam, "agent");
		Map<String, Object> updatable = new LinkedHashMap<>();
		for (String field : List.of(AgentDefinition.TOOLS, AgentDefinition.MCP_SERVERS)) {
			if (update.containsKey(field)) {
				updatable.put(field, update.get(field));
			}
		}
		return AgentDefinition.applySessionOverrides(snapshot,
				AgentDefinition.parseSessionOverrides(updatable, "agent"), "agent");
	}

	private AgentRow find(String workspaceId, String agentId) {
		if (!Ids.isWellFormed(agentId, ID_PREFIX)) {
			throw notFound(agentId);
		}
		return this.agents.find(agentId, workspaceId, false).orElseThrow(() -> notFound(agentId));
	}

	private AgentRow findForUpdate(String workspaceId, String agentId) {
		if (!Ids.isWellFormed(agentId, ID_PREFIX)) {
			throw notFound(agentId);
		}
		return this.agents.find(agentId, workspaceId, true).orElseThrow(() -> notFound(agentId));
	}

	private Agent version(AgentRow agent, int version) {
		if (version == agent.version()) {
			return current(agent);
		}
		return this.versions.find(agent.id(), version)
			.map((row) -> toAgent(agent, row))
			.orElseThrow(() -> ApiException.notFound("agent " + agent.id() + " has no version " + version));
	}

	private Agent current(AgentRow agent) {
		return Agent.of(agent.id(), agent.version(), config(agent.config()), agent.createdAt(), agent.updatedAt(),
				agent.archivedAt());
	}

	private Agent toAgent(AgentRow agent, AgentVersionRow row) {
		if (row.version() == agent.version()) {
			return current(agent);
		}
		return Agent.of(agent.id(), row.version(), config(row.config()), agent.createdAt(), row.createdAt(),
				agent.archivedAt());
	}

	/**
	 * The one conversion of a stored {@code config} column, of {@code agents} and
	 * {@code agent_versions} alike, to its record.
	 */
	private AgentConfig config(Map<String, Object> stored) {
		return this.json.read(stored, AgentConfig.class);
	}

	private Map<String, Object> stored(AgentConfig config) {
		return this.json.write(config);
	}

	private static ApiException notFound(String agentId) {
		return ApiException.notFound("no agent " + agentId);
	}

}
