package dev.memstore.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.DatabaseNotifications;
import dev.memstore.kernel.KeysetQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.memstore.session.SessionJson.instant;
import static dev.memstore.session.SessionJson.utc;

/**
 * The append-only {@code session_events} table; a queued user event is updated once, when
 * it is processed.
 */
@Repository
class SessionEventRepository {

	/**
	 * The channel that tells every instance a session has new events; the payload is the
	 * session id.
	 */
	static final String CHANNEL = "memstore_session_events";

	private static final String COLUMNS = "id, session_id, seq, type, body, processed_at ";

	private final JdbcClient jdbc;

	private final SessionJson json;

	private final DatabaseNotifications notifications;

	SessionEventRepository(JdbcClient jdbc, SessionJson json, DatabaseNotifications notifications) {
		this.jdbc = jdbc;
		this.json = json;
		this.notifications = notifications;
	}

	void insert(LoggedEvent logged) {
		SessionEvent event = logged.event();
		this.jdbc.sql("""
				insert into session_events (id, session_id, seq, type, body, processed_at)
				values (:id, :session, :seq, :type, cast(:body as jsonb), :processedAt)""")
			.param("id", event.id())
			.param("session", logged.sessionId())
			.param("seq", logged.seq())
			.param("type", event.type())
			.param("body", this.json.eventBody(event))
			.param("processedAt", utc(event.processedAt()))
			.update();
	}

	void markProcessed(String eventId, long seq, Instant processedAt) {
		this.jdbc.sql("update session_events set seq = :seq, processed_at = :processedAt where id = :id")
			.param("id", eventId)
			.param("seq", seq)
			.param("processedAt", utc(processedAt))
			.update();
	}

	/**
	 * Tells every instance, once the transaction commits, that the session has new
	 * events.
	 */
	void announce(String sessionId) {
		this.notifications.announce(CHANNEL, sessionId);
	}

	Optional<LoggedEvent> oldestQueuedMessage(String sessionId) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from session_events where session_id = :session and processed_at is null and type = 'user.message'
				order by seq limit 1""").param("session", sessionId).query(this::read).optional();
	}

	Optional<LoggedEvent> lastProcessedMessage(String sessionId) {
		return this.jdbc.sql("select " + COLUMNS + """
				from session_events where session_id = :session and processed_at is not null
				and type = 'user.message' order by seq desc limit 1""")
			.param("session", sessionId)
			.query(this::read)
			.optional();
	}

	/**
	 * One event of the session, processed or queued.
	 */
	Optional<SessionEvent> find(String sessionId, String eventId) {
		return this.jdbc.sql("select " + COLUMNS + " from session_events where session_id = :session and id = :id")
			.param("session", sessionId)
			.param("id", eventId)
			.query(this::read)
			.optional()
			.map(LoggedEvent::event);
	}

	boolean hasEventAfter(String sessionId, String type, long seq) {
		return this.jdbc.sql("""
				select count(*) from session_events
				where session_id = :session and type = :type and seq > :seq and processed_at is not null""")
			.param("session", sessionId)
			.param("type", type)
			.param("seq", seq)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Processed events after {@code seq}, in emission order.
	 */
	List<LoggedEvent> processedAfter(String sessionId, long seq, int rows) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from session_events where session_id = :session and seq > :seq and processed_at is not null
				order by seq limit :rows""")
			.param("session", sessionId)
			.param("seq", seq)
			.param("rows", rows)
			.query(this::read)
			.list();
	}

	/**
	 * The newest {@code rows} processed events, newest first.
	 */
	List<LoggedEvent> newestProcessed(String sessionId, int rows) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from session_events where session_id = :session and processed_at is not null
				order by seq desc limit :rows""")
			.param("session", sessionId)
			.param("rows", rows)
			.query(this::read)
			.list();
	}

	/**
	 * The processed events of the given types, in emission order.
	 */
	/**
	 * The newest {@code rows} processed events of the given types, newest first.
	 */
	List<LoggedEvent> newestProcessedOfTypes(String sessionId, List<String> types, int rows) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from session_events where session_id = :session and type in (:types) and processed_at is not null
				order by seq desc limit :rows""")
			.param("session", sessionId)
			.param("types", types)
			.param("rows", rows)
			.query(this::read)
			.list();
	}

	List<LoggedEvent> processedOfTypes(String sessionId, List<String> types) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from session_events where session_id = :session and type in (:types) and processed_at is not null
				order by seq""").param("session", sessionId).param("types", types).query(this::read).list();
	}

	/**
	 * Processed or queued events matching {@code query} by sequence number, after the
	 * cursor's position when given.
	 */
	List<LoggedEvent> list(String sessionId, EventListQuery query, List<String> after, int limit) {
		KeysetQuery keyset = KeysetQuery.bySequence("seq", query.descending()).equal("session_id", sessionId);
		if (!query.types().isEmpty()) {
			keyset.where("type in (:types)", "types", query.types());
		}
		return keyset.within("processed_at", query.processedAt())
			.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + COLUMNS + " from session_events", this::read);
	}

	private LoggedEvent read(ResultSet rs, int row) throws SQLException {
		return new LoggedEvent(rs.getString("session_id"), rs.getLong("seq"), this.json.readEvent(rs.getString("type"),
				rs.getString("id"), rs.getString("body"), instant(rs.getObject("processed_at", OffsetDateTime.class))));
	}

}
