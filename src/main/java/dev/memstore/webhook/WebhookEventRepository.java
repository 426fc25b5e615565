package dev.memstore.webhook;

import java.time.Instant;
import java.util.List;

import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_events} table, the outbox: what changes announce, with the
 * deliveries each event is owed, written in the change's transaction.
 */
@Repository
class WebhookEventRepository {

	private final JdbcClient jdbc;

	WebhookEventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes the events of one change that an enabled endpoint of the workspace
	 * subscribes to, each with a delivery per such endpoint, in one statement; nothing at
	 * all when no enabled endpoint subscribes.
	 * @return the deliveries written
	 */
	int writeIfSubscribed(String workspaceId, String resourceId, List<Draft> events, Instant now) {
		return this.jdbc.sql("""
				with drafts as (
				    select * from unnest(cast(:ids as text[]), cast(:types as text[]), cast(:bodies as text[]))
				        as draft (id, type, body)
				), owed as (
				    select draft.id as event_id, endpoint.id as endpoint_id
				    from drafts draft
				    join webhook_endpoints endpoint on endpoint.workspace_id = :workspace and endpoint.state = 'enabled'
				        and draft.type = any (endpoint.enabled_events)
				), written as (
				    insert into webhook_events (id, workspace_id, type, resource_id, body, created_at)
				    select draft.id, :workspace, draft.type, :resource, draft.body, :now
				    from drafts draft
				    where draft.id in (select event_id from owed)
				    returning id
				)
				insert into webhook_deliveries (endpoint_id, event_id, status, next_attempt_at, owed_since)
				select owed.endpoint_id, owed.event_id, 'pending', :now, :now
				from owed join written on written.id = owed.event_id""")
			.param("ids", events.stream().map(Draft::id).toArray(String[]::new))
			.param("types", events.stream().map(Draft::type).toArray(String[]::new))
			.param("bodies", events.stream().map(Draft::body).toArray(String[]::new))
			.param("workspace", workspaceId)
			.param("resource", resourceId)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Writes an event owed to one endpoint only, whatever it subscribes to: a test event.
	 */
	void writeFor(String endpointId, String workspaceId, String resourceId, Draft event, Instant now) {
		this.jdbc.sql("""
				insert into webhook_events (id, workspace_id, type, resource_id, body, created_at)
				values (:id, :workspace, :type, :resource, :body, :now)""")
			.param("id", event.id())
			.param("workspace", workspaceId)
			.param("type", event.type())
			.param("resource", resourceId)
			.param("body", event.body())
			.param("now", Timestamps.toSql(now))
			.update();
		this.jdbc.sql("""
				insert into webhook_deliveries (endpoint_id, event_id, status, next_attempt_at, owed_since)
				values (:endpoint, :event, 'pending', :now, :now)""")
			.param("endpoint", endpointId)
			.param("event", event.id())
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Deletes up to {@code batch} of the events created before the cutoff, with their
	 * deliveries and attempts.
	 * @return how many were deleted
	 */
	int deleteCreatedBefore(Instant cutoff, int batch) {
		return this.jdbc.sql("""
				delete from webhook_events where id in (
				    select id from webhook_events where created_at < :cutoff order by created_at limit :batch)""")
			.param("cutoff", Timestamps.toSql(cutoff))
			.param("batch", batch)
			.update();
	}

	/**
	 * An event as it is written: its id, type and the body every attempt sends.
	 */
	record Draft(String id, String type, String body) {

	}

}
