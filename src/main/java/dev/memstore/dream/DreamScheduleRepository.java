package dev.memstore.dream;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.KeysetQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code dream_schedules} table.
 */
@Repository
class DreamScheduleRepository {

	private static final String COLUMNS = """
			id, workspace_id, memory_store_id, name, cron, time_zone, model, instructions, output_behavior, enabled,
			next_run_at, last_run_at, last_dream_id, last_result, sessions_since, created_at, updated_at""";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	DreamScheduleRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(DreamScheduleRow schedule) {
		this.jdbc
			.sql("""
					insert into dream_schedules (id, workspace_id, memory_store_id, name, cron, time_zone, model, instructions,
					                             output_behavior, enabled, next_run_at, sessions_since, created_at, updated_at)
					values (:id, :workspace, :store, :name, :cron, :zone, cast(:model as jsonb), :instructions, :behavior,
					        :enabled, :nextRunAt, :since, :createdAt, :updatedAt)""")
			.param("id", schedule.id())
			.param("workspace", schedule.workspaceId())
			.param("store", schedule.memoryStoreId())
			.param("name", schedule.name())
			.param("cron", schedule.cron())
			.param("zone", schedule.timeZone())
			.param("model", this.json.write(schedule.model()))
			.param("instructions", schedule.instructions())
			.param("behavior", schedule.outputBehavior().type())
			.param("enabled", schedule.enabled())
			.param("nextRunAt", utc(schedule.nextRunAt()))
			.param("since", utc(schedule.sessionsSince()))
			.param("createdAt", utc(schedule.createdAt()))
			.param("updatedAt", utc(schedule.updatedAt()))
			.update();
	}

	/**
	 * Writes what an update may change.
	 */
	void update(DreamScheduleRow schedule) {
		this.jdbc.sql("""
				update dream_schedules set name = :name, cron = :cron, time_zone = :zone, model = cast(:model as jsonb),
				       instructions = :instructions, output_behavior = :behavior, enabled = :enabled,
				       next_run_at = :nextRunAt, updated_at = :updatedAt
				where id = :id""")
			.param("id", schedule.id())
			.param("name", schedule.name())
			.param("cron", schedule.cron())
			.param("zone", schedule.timeZone())
			.param("model", this.json.write(schedule.model()))
			.param("instructions", schedule.instructions())
			.param("behavior", schedule.outputBehavior().type())
			.param("enabled", schedule.enabled())
			.param("nextRunAt", utc(schedule.nextRunAt()))
			.param("updatedAt", utc(schedule.updatedAt()))
			.update();
	}

	Optional<DreamScheduleRow> find(String workspaceId, String scheduleId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from dream_schedules where id = :id and workspace_id = :workspace"
					+ (lock ? " for update" : ""))
			.param("id", scheduleId)
			.param("workspace", workspaceId)
			.query(this::read)
			.optional();
	}

	/**
	 * A workspace's schedules newest first, or one store's when {@code storeId} is given.
	 */
	List<DreamScheduleRow> list(String workspaceId, String storeId, List<String> after, int limit) {
		KeysetQuery keyset = KeysetQuery.newestFirst().equal("workspace_id", workspaceId);
		if (storeId != null) {
			keyset.equal("memory_store_id", storeId);
		}
		return keyset.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + COLUMNS + " from dream_schedules", this::read);
	}

	int delete(String workspaceId, String scheduleId) {
		return this.jdbc.sql("delete from dream_schedules where id = :id and workspace_id = :workspace")
			.param("id", scheduleId)
			.param("workspace", workspaceId)
			.update();
	}

	/**
	 * The enabled schedule due longest ago that no other worker is running, locked until
	 * the transaction ends.
	 */
	Optional<DreamScheduleRow> claimDue(Instant now) {
		return this.jdbc
			.sql("select " + COLUMNS + " from dream_schedules where enabled and next_run_at <= :now"
					+ " order by next_run_at, id limit 1 for update skip locked")
			.param("now", utc(now))
			.query(this::read)
			.optional();
	}

	/**
	 * The schedule, locked, if it is still due at {@code dueAt}: nobody ran that due time
	 * meanwhile.
	 */
	Optional<DreamScheduleRow> lockStillDue(String scheduleId, Instant dueAt) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from dream_schedules where id = :id and enabled and next_run_at = :dueAt for update")
			.param("id", scheduleId)
			.param("dueAt", utc(dueAt))
			.query(this::read)
			.optional();
	}

	/**
	 * The earliest time an enabled schedule is due, if any.
	 */
	Optional<Instant> earliestDue() {
		return this.jdbc
			.sql("select next_run_at from dream_schedules where enabled and next_run_at is not null"
					+ " order by next_run_at limit 1")
			.query((rs, row) -> instant(rs, "next_run_at"))
			.optional();
	}

	/**
	 * Records a run and moves the schedule to its next due time.
	 * @param dreamId the dream the run created, or {@code null} to keep the last one
	 * @param sessionsSince where the next run's sessions start
	 */
	void recordRun(String scheduleId, Instant ranAt, Instant nextRunAt, String dreamId, String result,
			Instant sessionsSince) {
		this.jdbc.sql("""
				update dream_schedules set last_run_at = :ranAt, next_run_at = :nextRunAt,
				       last_dream_id = coalesce(:dreamId, last_dream_id), last_result = :result, sessions_since = :since
				where id = :id""")
			.param("id", scheduleId)
			.param("ranAt", utc(ranAt))
			.param("nextRunAt", utc(nextRunAt))
			.param("dreamId", dreamId)
			.param("result", result)
			.param("since", utc(sessionsSince))
			.update();
	}

	private DreamScheduleRow read(ResultSet rs, int row) throws SQLException {
		String behavior = rs.getString("output_behavior");
		String storeId = rs.getString("memory_store_id");
		return new DreamScheduleRow(rs.getString("id"), rs.getString("workspace_id"), storeId, rs.getString("name"),
				rs.getString("cron"), rs.getString("time_zone"),
				this.json.read(rs.getString("model"), Dream.Model.class), rs.getString("instructions"),
				new Dream.OutputBehavior(behavior,
						Dream.OutputBehavior.UPDATE_EXISTING.equals(behavior) ? storeId : null),
				rs.getBoolean("enabled"), instant(rs, "next_run_at"), instant(rs, "last_run_at"),
				rs.getString("last_dream_id"), rs.getString("last_result"), instant(rs, "sessions_since"),
				instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
