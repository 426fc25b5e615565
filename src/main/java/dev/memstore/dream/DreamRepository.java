package dev.memstore.dream;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.KeysetQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code dreams} table.
 */
@Repository
class DreamRepository {

	private static final String COLUMNS = """
			id, workspace_id, status, memory_store_id, session_ids, model, instructions, output_behavior,
			output_store_id, session_id, error, holds_store, schedule_id, created_at, ended_at, archived_at""";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	DreamRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Inserts a dream, unless it would hold a store another dream holds.
	 * @return whether it was inserted
	 */
	boolean insert(DreamRow dream) {
		return this.jdbc
			.sql("""
					insert into dreams (id, workspace_id, status, memory_store_id, session_ids, model, instructions,
					                    output_behavior, holds_store, schedule_id, created_at)
					values (:id, :workspace, :status, :store, cast(:sessions as jsonb), cast(:model as jsonb), :instructions,
					        :behavior, :holds, :schedule, :createdAt)
					on conflict (memory_store_id) where holds_store do nothing""")
			.param("id", dream.id())
			.param("workspace", dream.workspaceId())
			.param("status", dream.status().wireName())
			.param("store", dream.memoryStoreId())
			.param("sessions", this.json.write(dream.sessionIds()))
			.param("model", this.json.write(dream.model()))
			.param("instructions", dream.instructions())
			.param("behavior", dream.outputBehavior().type())
			.param("holds", dream.holdsStore())
			.param("schedule", dream.scheduleId())
			.param("createdAt", utc(dream.createdAt()))
			.update() == 1;
	}

	Optional<DreamRow> find(String workspaceId, String dreamId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from dreams where id = :id and workspace_id = :workspace"
					+ (lock ? " for update" : ""))
			.param("id", dreamId)
			.param("workspace", workspaceId)
			.query(this::read)
			.optional();
	}

	Optional<DreamRow> findById(String dreamId, boolean lock) {
		return this.jdbc.sql("select " + COLUMNS + " from dreams where id = :id" + (lock ? " for update" : ""))
			.param("id", dreamId)
			.query(this::read)
			.optional();
	}

	Optional<DreamRow> findBySession(String sessionId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from dreams where session_id = :session" + (lock ? " for update" : ""))
			.param("session", sessionId)
			.query(this::read)
			.optional();
	}

	/**
	 * The dream that holds a store against other {@code update_existing} dreams.
	 */
	Optional<String> holderOf(String storeId) {
		return this.jdbc.sql("select id from dreams where memory_store_id = :store and holds_store")
			.param("store", storeId)
			.query(String.class)
			.optional();
	}

	/**
	 * The oldest pending dream no other worker is beginning, locked until the transaction
	 * ends.
	 */
	Optional<DreamRow> claimPending() {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from dreams where status = 'pending' order by created_at, id limit 1 for update skip locked")
			.query(this::read)
			.optional();
	}

	List<DreamRow> list(String workspaceId, boolean includeArchived, List<DreamStatus> statuses,
			CreatedAtRange createdAt, List<String> after, int limit) {
		KeysetQuery keyset = KeysetQuery.newestFirstInWorkspace(workspaceId, includeArchived, createdAt);
		if (!statuses.isEmpty()) {
			keyset.where("status in (:statuses)", "statuses", statuses.stream().map(DreamStatus::wireName).toList());
		}
		return keyset.after(after).limit(limit).list(this.jdbc, "select " + COLUMNS + " from dreams", this::read);
	}

	void begin(String dreamId, String sessionId, String outputStoreId) {
		this.jdbc
			.sql("""
					update dreams set status = 'running', session_id = :session, output_store_id = :output where id = :id""")
			.param("id", dreamId)
			.param("session", sessionId)
			.param("output", outputStoreId)
			.update();
	}

	/**
	 * Gives a dream a final status (and its end time, if it has none yet).
	 * @param releaseStore whether it stops holding its store too
	 */
	void end(String dreamId, DreamStatus status, Dream.Error error, Instant endedAt, boolean releaseStore) {
		this.jdbc
			.sql("""
					update dreams set status = :status, error = cast(:error as jsonb), ended_at = coalesce(ended_at, :endedAt),
					                  holds_store = holds_store and not :release
					where id = :id""")
			.param("id", dreamId)
			.param("status", status.wireName())
			.param("error", (error != null) ? this.json.write(error) : null)
			.param("endedAt", utc(endedAt))
			.param("release", releaseStore)
			.update();
	}

	void releaseStore(String dreamId) {
		this.jdbc.sql("update dreams set holds_store = false where id = :id").param("id", dreamId).update();
	}

	void archive(String dreamId, Instant at) {
		this.jdbc.sql("update dreams set archived_at = :at where id = :id and archived_at is null")
			.param("id", dreamId)
			.param("at", utc(at))
			.update();
	}

	private DreamRow read(ResultSet rs, int row) throws SQLException {
		String behavior = rs.getString("output_behavior");
		String storeId = rs.getString("memory_store_id");
		String error = rs.getString("error");
		return new DreamRow(rs.getString("id"), rs.getString("workspace_id"), DreamStatus.of(rs.getString("status")),
				storeId, Arrays.asList(this.json.read(rs.getString("session_ids"), String[].class)),
				this.json.read(rs.getString("model"), Dream.Model.class), rs.getString("instructions"),
				new Dream.OutputBehavior(behavior,
						Dream.OutputBehavior.UPDATE_EXISTING.equals(behavior) ? storeId : null),
				rs.getString("output_store_id"), rs.getString("session_id"),
				(error != null) ? this.json.read(error, Dream.Error.class) : null, rs.getBoolean("holds_store"),
				rs.getString("schedule_id"), instant(rs, "created_at"), instant(rs, "ended_at"),
				instant(rs, "archived_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
