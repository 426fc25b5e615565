package dev.memstore.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_endpoints} table.
 */
@Repository
class WebhookEndpointRepository {

	private static final String COLUMNS = """
			id, workspace_id, name, description, url, enabled_events, state, disabled_reason, signing_secret,
			last_success_at, created_at, updated_at""";

	private final JdbcClient jdbc;

	WebhookEndpointRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(WebhookEndpointRow endpoint) {
		this.jdbc.sql("""
				insert into webhook_endpoints (id, workspace_id, name, description, url, enabled_events, state,
				                               disabled_reason, signing_secret, created_at, updated_at)
				values (:id, :workspace, :name, :description, :url, :events, :state, :reason, :secret, :createdAt,
				        :updatedAt)""").params(columns(endpoint)).update();
	}

	/**
	 * Writes what an update or a regeneration may change.
	 */
	void update(WebhookEndpointRow endpoint) {
		this.jdbc.sql("""
				update webhook_endpoints set name = :name, description = :description, url = :url,
				       enabled_events = :events, state = :state, disabled_reason = :reason, signing_secret = :secret,
				       updated_at = :updatedAt
				where id = :id""").params(columns(endpoint)).update();
	}

	/**
	 * Every column of the row, as the insert and the update bind them; the update uses
	 * those it may change.
	 */
	private static Map<String, Object> columns(WebhookEndpointRow endpoint) {
		Map<String, Object> columns = new HashMap<>();
		columns.put("id", endpoint.id());
		columns.put("workspace", endpoint.workspaceId());
		columns.put("name", endpoint.name());
		columns.put("description", endpoint.description());
		columns.put("url", endpoint.url());
		columns.put("events", endpoint.enabledEvents().toArray(String[]::new));
		columns.put("state", endpoint.state());
		columns.put("reason", endpoint.disabledReason());
		columns.put("secret", endpoint.signingSecret());
		columns.put("createdAt", Timestamps.toSql(endpoint.createdAt()));
		columns.put("updatedAt", Timestamps.toSql(endpoint.updatedAt()));
		return columns;
	}

	Optional<WebhookEndpointRow> find(String workspaceId, String endpointId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from webhook_endpoints where id = :id and workspace_id = :workspace"
					+ (lock ? " for update" : ""))
			.param("id", endpointId)
			.param("workspace", workspaceId)
			.query(WebhookEndpointRepository::read)
			.optional();
	}

	/**
	 * A workspace's endpoints newest first.
	 */
	List<WebhookEndpointRow> list(String workspaceId, List<String> after, int limit) {
		return KeysetQuery.newestFirst()
			.equal("workspace_id", workspaceId)
			.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + COLUMNS + " from webhook_endpoints", WebhookEndpointRepository::read);
	}

	int countIn(String workspaceId) {
		return this.jdbc.sql("select count(*) from webhook_endpoints where workspace_id = :workspace")
			.param("workspace", workspaceId)
			.query(Integer.class)
			.single();
	}

	int delete(String workspaceId, String endpointId) {
		return this.jdbc.sql("delete from webhook_endpoints where id = :id and workspace_id = :workspace")
			.param("id", endpointId)
			.param("workspace", workspaceId)
			.update();
	}

	private static WebhookEndpointRow read(ResultSet rs, int row) throws SQLException {
		return new WebhookEndpointRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
				rs.getString("description"), rs.getString("url"), strings(rs.getArray("enabled_events")),
				rs.getString("state"), rs.getString("disabled_reason"), rs.getString("signing_secret"),
				Timestamps.read(rs, "last_success_at"), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "updated_at"));
	}

	private static List<String> strings(Array array) throws SQLException {
		return List.copyOf(Arrays.asList((String[]) array.getArray()));
	}

}
