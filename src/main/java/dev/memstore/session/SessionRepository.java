package dev.memstore.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.agent.SessionAgent;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.KeysetQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.memstore.session.SessionJson.instant;
import static dev.memstore.session.SessionJson.utc;

/**
 * The {@code sessions} and {@code session_resources} tables.
 */
@Repository
class SessionRepository {

	private static final String COLUMNS = """
			id, workspace_id, agent_id, agent_version, agent, environment_id, status, title, metadata, vault_ids,
			budget, usage, created_at, updated_at, archived_at, managed_by, self_hosted""";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	private final SessionJson sessionJson;

	SessionRepository(JdbcClient jdbc, JsonColumns json, SessionJson sessionJson) {
		this.jdbc = jdbc;
		this.json = json;
		this.sessionJson = sessionJson;
	}

	/**
	 * The sessions of a workspace, archived ones and memstore's own included.
	 */
	int countIn(String workspaceId) {
		return this.jdbc.sql("select count(*) from sessions where workspace_id = :workspace")
			.param("workspace", workspaceId)
			.query(Integer.class)
			.single();
	}

	void insert(SessionRow session) {
		this.jdbc
			.sql("""
					insert into sessions (id, workspace_id, agent_id, agent_version, agent, environment_id, status, title,
					                      metadata, vault_ids, budget, usage, created_at, updated_at, managed_by,
					                      self_hosted)
					values (:id, :workspace, :agentId, :agentVersion, cast(:agent as jsonb), :environment, :status, :title,
					        cast(:metadata as jsonb), cast(:vaultIds as jsonb), cast(:budget as jsonb), cast(:usage as jsonb),
					        :createdAt, :createdAt, :managedBy, :selfHosted)""")
			.param("id", session.id())
			.param("workspace", session.workspaceId())
			.param("agentId", session.agentId())
			.param("agentVersion", session.agentVersion())
			.param("agent", this.json.write(session.agent()))
			.param("environment", session.environmentId())
			.param("status", session.status().wireName())
			.param("title", session.title())
			.param("metadata", this.json.write(session.metadata()))
			.param("vaultIds", this.json.write(session.vaultIds()))
			.param("budget", this.json.write(session.budget()))
			.param("usage", this.json.write(session.usage()))
			.param("createdAt", utc(session.createdAt()))
			.param("managedBy", session.managedBy())
			.param("selfHosted", session.selfHosted())
			.update();
	}

	/**
	 * A session of the workspace, optionally locked until the transaction ends; a
	 * malformed, unknown or other workspace's id answers 404 alike.
	 */
	SessionRow owned(String workspaceId, String sessionId, boolean lock) {
		if (!Ids.isWellFormed(sessionId, SessionService.ID_PREFIX)) {
			throw notFound(sessionId);
		}
		return this.jdbc
			.sql("select " + COLUMNS + " from sessions where id = :id and workspace_id = :workspace"
					+ (lock ? " for update" : ""))
			.param("id", sessionId)
			.param("workspace", workspaceId)
			.query(this::read)
			.optional()
			.orElseThrow(() -> notFound(sessionId));
	}

	private static ApiException notFound(String sessionId) {
		return ApiException.notFound("no session " + sessionId);
	}

	/**
	 * Reads a session and locks it until the transaction ends: a session's writers take
	 * turns.
	 */
	Optional<SessionRow> lock(String sessionId) {
		return this.jdbc.sql("select " + COLUMNS + " from sessions where id = :id for update")
			.param("id", sessionId)
			.query(this::read)
			.optional();
	}

	void update(SessionRow session) {
		this.jdbc.sql("""
				update sessions set agent = cast(:agent as jsonb), title = :title, metadata = cast(:metadata as jsonb),
				       budget = cast(:budget as jsonb), usage = cast(:usage as jsonb), status = :status,
				       updated_at = :updatedAt, archived_at = :archivedAt
				where id = :id""")
			.param("id", session.id())
			.param("agent", this.json.write(session.agent()))
			.param("title", session.title())
			.param("metadata", this.json.write(session.metadata()))
			.param("budget", this.json.write(session.budget()))
			.param("usage", this.json.write(session.usage()))
			.param("status", session.status().wireName())
			.param("updatedAt", utc(session.updatedAt()))
			.param("archivedAt", utc(session.archivedAt()))
			.update();
	}

	/**
	 * Sets a session's status.
	 * @return the session's workspace, or empty if there is no such session
	 */
	Optional<String> updateStatus(String sessionId, SessionStatus status, Instant now) {
		return this.jdbc
			.sql("update sessions set status = :status, updated_at = :now where id = :id returning workspace_id")
			.param("id", sessionId)
			.param("status", status.wireName())
			.param("now", utc(now))
			.query(String.class)
			.optional();
	}

	/**
	 * Adds a model request's tokens to the session's {@code usage}, keeping any other
	 * field it holds.
	 */
	void addUsage(String sessionId, ModelUsage used) {
		this.jdbc.sql("""
				update sessions set usage = usage || jsonb_build_object(
				    'input_tokens', coalesce((usage ->> 'input_tokens')::bigint, 0) + :input,
				    'output_tokens', coalesce((usage ->> 'output_tokens')::bigint, 0) + :output,
				    'cache_read_input_tokens', coalesce((usage ->> 'cache_read_input_tokens')::bigint, 0) + :cacheRead,
				    'cache_creation', coalesce(usage -> 'cache_creation', '{}'::jsonb) || jsonb_build_object(
				        'ephemeral_1h_input_tokens',
				        coalesce((usage -> 'cache_creation' ->> 'ephemeral_1h_input_tokens')::bigint, 0) + :cache1h,
				        'ephemeral_5m_input_tokens',
				        coalesce((usage -> 'cache_creation' ->> 'ephemeral_5m_input_tokens')::bigint, 0) + :cache5m))
				where id = :id""")
			.param("id", sessionId)
			.param("input", used.inputTokens())
			.param("output", used.outputTokens())
			.param("cacheRead", used.cacheReadInputTokens())
			.param("cache1h", used.cacheCreation1hInputTokens())
			.param("cache5m", used.cacheCreation5mInputTokens())
			.update();
	}

	/**
	 * Hands out the next event number of a session; the row stays locked until the
	 * transaction ends, so numbers are committed in order.
	 */
	long nextEventSeq(String sessionId) {
		return this.jdbc
			.sql("update sessions set last_event_seq = last_event_seq + 1 where id = :id returning last_event_seq")
			.param("id", sessionId)
			.query(Long.class)
			.single();
	}

	long lastEventSeq(String sessionId) {
		return this.jdbc.sql("select last_event_seq from sessions where id = :id")
			.param("id", sessionId)
			.query(Long.class)
			.optional()
			.orElse(-1L);
	}

	/**
	 * The status of a session, or {@code null} if it does not exist.
	 */
	SessionStatus status(String sessionId) {
		return this.jdbc.sql("select status from sessions where id = :id")
			.param("id", sessionId)
			.query(String.class)
			.optional()
			.map(SessionStatus::of)
			.orElse(null);
	}

	/**
	 * Whether a session's environment is {@code self_hosted}; false if it does not exist.
	 */
	boolean isSelfHosted(String sessionId) {
		return this.jdbc.sql("select self_hosted from sessions where id = :id")
			.param("id", sessionId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	void delete(String sessionId) {
		this.jdbc.sql("delete from sessions where id = :id").param("id", sessionId).update();
	}

	/**
	 * Sessions matching {@code query} by {@code (created_at, id)}, after the cursor's
	 * position when given.
	 */
	List<SessionRow> list(String workspaceId, SessionListQuery query, boolean descending, List<String> after,
			int limit) {
		KeysetQuery keyset = KeysetQuery.byCreation(descending).alias("s").equal("workspace_id", workspaceId);
		if (!query.includeArchived()) {
			keyset.isNull("archived_at");
		}
		keyset.where("s.agent_id = :agentId", "agentId", query.agentId())
			.where("s.agent_version = :agentVersion", "agentVersion", query.agentVersion());
		if (query.deploymentId() != null) {
			// memstore has no deployments: no session belongs to one.
			keyset.where("false");
		}
		if (!query.statuses().isEmpty()) {
			keyset.where("s.status in (:statuses)", "statuses",
					query.statuses().stream().map(SessionStatus::wireName).toList());
		}
		keyset.where("exists (select 1 from session_resources r where r.session_id = s.id"
				+ " and r.memory_store_id = :store)", "store", query.memoryStoreId());
		return keyset.createdWithin(query.createdAt())
			.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + COLUMNS + " from sessions s", this::read);
	}

	void insertResource(ResourceRow resource) {
		this.jdbc.sql("""
				insert into session_resources (id, session_id, position, type, memory_store_id, body, created_at,
				                               updated_at)
				values (:id, :session, :position, :type, :store, cast(:body as jsonb), :createdAt, :updatedAt)""")
			.param("id", resource.id())
			.param("session", resource.sessionId())
			.param("position", resource.position())
			.param("type", resource.type())
			.param("store", resource.memoryStoreId())
			.param("body", this.sessionJson.resourceBody(resource.resource()))
			.param("createdAt", utc(resource.resource().createdAt()))
			.param("updatedAt", utc(resource.resource().updatedAt()))
			.update();
	}

	void updateResource(ResourceRow resource) {
		this.jdbc
			.sql("update session_resources set body = cast(:body as jsonb), updated_at = :updatedAt where id = :id")
			.param("id", resource.id())
			.param("body", this.sessionJson.resourceBody(resource.resource()))
			.param("updatedAt", utc(resource.resource().updatedAt()))
			.update();
	}

	void deleteResource(String resourceId) {
		this.jdbc.sql("delete from session_resources where id = :id").param("id", resourceId).update();
	}

	/**
	 * The resources of several sessions, each session's in attachment order.
	 */
	Map<String, List<ResourceRow>> resources(List<String> sessionIds) {
		Map<String, List<ResourceRow>> bySession = new LinkedHashMap<>();
		if (sessionIds.isEmpty()) {
			return bySession;
		}
		this.jdbc.sql("""
				select id, session_id, position, type, memory_store_id, body, created_at, updated_at
				from session_resources where session_id in (:ids) order by session_id, position""")
			.param("ids", sessionIds)
			.query(this::readResource)
			.list()
			.forEach((row) -> bySession.computeIfAbsent(row.sessionId(), (id) -> new ArrayList<>()).add(row));
		return bySession;
	}

	List<ResourceRow> resources(String sessionId, int afterPosition, int rows) {
		return this.jdbc.sql("""
				select id, session_id, position, type, memory_store_id, body, created_at, updated_at
				from session_resources where session_id = :session and position > :after
				order by position limit :rows""")
			.param("session", sessionId)
			.param("after", afterPosition)
			.param("rows", rows)
			.query(this::readResource)
			.list();
	}

	int nextResourcePosition(String sessionId) {
		return this.jdbc
			.sql("select coalesce(max(position), -1) + 1 from session_resources where session_id = :session")
			.param("session", sessionId)
			.query(Integer.class)
			.single();
	}

	Map<String, SessionUsage> usageOf(String workspaceId, List<String> sessionIds) {
		Map<String, SessionUsage> usage = new LinkedHashMap<>();
		this.jdbc.sql("select id, usage from sessions where workspace_id = :workspace and id in (:ids)")
			.param("workspace", workspaceId)
			.param("ids", sessionIds)
			.query((rs, row) -> usage.put(rs.getString("id"),
					this.json.read(rs.getString("usage"), SessionUsage.class)))
			.list();
		return usage;
	}

	/**
	 * The ids of the workspace's sessions, not run by memstore, that mount the store and
	 * were created in {@code (after, until]}, newest first.
	 */
	List<String> idsMounting(String workspaceId, String storeId, Instant after, Instant until, int limit) {
		return this.jdbc
			.sql("""
					select s.id from sessions s
					where s.workspace_id = :workspace and s.managed_by is null and s.created_at > :after
					  and s.created_at <= :until
					  and exists (select 1 from session_resources r where r.session_id = s.id and r.memory_store_id = :store)
					order by s.created_at desc, s.id desc
					limit :limit""")
			.param("workspace", workspaceId)
			.param("store", storeId)
			.param("after", utc(after))
			.param("until", utc(until))
			.param("limit", limit)
			.query(String.class)
			.list();
	}

	private SessionRow read(ResultSet rs, int row) throws SQLException {
		return new SessionRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("agent_id"),
				rs.getInt("agent_version"), this.json.read(rs.getString("agent"), SessionAgent.class),
				rs.getString("environment_id"), SessionStatus.of(rs.getString("status")), rs.getString("title"),
				this.json.readMetadata(rs.getString("metadata")), this.json.readArray(rs.getString("vault_ids")),
				this.json.readObject(rs.getString("budget")), this.json.read(rs.getString("usage"), SessionUsage.class),
				instant(rs.getObject("created_at", OffsetDateTime.class)),
				instant(rs.getObject("updated_at", OffsetDateTime.class)),
				instant(rs.getObject("archived_at", OffsetDateTime.class)), rs.getString("managed_by"),
				rs.getBoolean("self_hosted"));
	}

	private ResourceRow readResource(ResultSet rs, int row) throws SQLException {
		return new ResourceRow(rs.getString("session_id"), rs.getInt("position"),
				this.sessionJson.readResource(rs.getString("id"), rs.getString("body"),
						instant(rs.getObject("created_at", OffsetDateTime.class)),
						instant(rs.getObject("updated_at", OffsetDateTime.class))));
	}

}
