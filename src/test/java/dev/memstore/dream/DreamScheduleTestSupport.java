package dev.memstore.dream;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

import dev.memstore.support.RawApi;
import dev.memstore.support.SessionFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What dream schedule tests add to {@link DreamTestSupport}: the operator API's schedule
 * endpoints of the test's workspace, and the database, to make a schedule due.
 */
abstract class DreamScheduleTestSupport extends DreamTestSupport {

	@Autowired
	JdbcTemplate jdbc;

	String schedulesPath() {
		return "/_memstore/workspaces/" + this.workspace.id() + "/dream_schedules";
	}

	RawApi.Response operator(String method, String path, String json) {
		RawApi.Request request = this.api.operator(method, path);
		return ((json != null) ? request.json(json) : request).send();
	}

	/**
	 * A schedule of the store, created; the body's other fields follow the store id.
	 * @param fields more JSON members, such as {@code "cron":"0 3 * * *"}
	 */
	JsonNode createSchedule(String storeId, String fields) {
		RawApi.Response created = operator("POST", schedulesPath(),
				"{\"memory_store_id\":\"" + storeId + "\"," + fields + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	JsonNode schedule(String scheduleId) {
		RawApi.Response read = operator("GET", schedulesPath() + "/" + scheduleId, null);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		return read.json();
	}

	/**
	 * Makes a schedule due at {@code dueAt}, as if memstore had been down since.
	 */
	void makeDue(String scheduleId, Instant dueAt) {
		assertThat(this.jdbc.update("update dream_schedules set next_run_at = ? where id = ?",
				java.sql.Timestamp.from(dueAt), scheduleId))
			.isEqualTo(1);
	}

	/**
	 * A session of the offline agent mounting the store, with no message.
	 */
	String sessionMounting(String storeId) {
		return SessionFixtures.sessionMounting(this.client, this.agentId, this.environmentId, storeId);
	}

	long dreamsOfWorkspace() {
		return this.client.beta().dreams().list().autoPager().stream().count();
	}

	static Instant instant(JsonNode node) {
		return node.isNull() ? null : Instant.parse(node.asString());
	}

}
