package dev.memstore.kernel;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL notifications for every module of this instance over one connection: a
 * module names its channel and gets each payload announced on it by any instance sharing
 * the database. Notifications sent while the connection is down are lost, so each
 * subscriber also learns when listening stops and starts again, to distrust or catch up
 * on what it holds.
 */
@Component
public class DatabaseNotifications implements SmartLifecycle {

	/**
	 * What a module does with its channel. Called on the one listening thread: each
	 * method must return quickly.
	 */
	public interface Subscriber {

		/**
		 * A payload announced on the channel, after the announcing transaction committed.
		 */
		void notified(String payload);

		/**
		 * Listening began, or began again after a failure: earlier notifications may be
		 * lost.
		 */
		void listening();

		/** Listening failed; until {@link #listening()}, notifications are lost. */
		void deaf();

	}

	private static final Logger logger = LoggerFactory.getLogger(DatabaseNotifications.class);

	private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z_]{1,63}");

	private static final long RETRY_MILLIS = 1000;

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

	private final RecurringFailureLog failures = new RecurringFailureLog(logger,
			"Listening for database notifications");

	private volatile boolean running;

	private volatile boolean listening;

	private Thread listener;

	DatabaseNotifications(DataSource dataSource, JdbcClient jdbc) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
	}

	/**
	 * Announces a payload on a channel to every instance, this one included, once the
	 * current transaction commits: PostgreSQL delivers a notification at commit and drops
	 * it on rollback.
	 */
	public void announce(String channel, String payload) {
		this.jdbc.sql("select pg_notify(:channel, :payload)")
			.param("channel", channel)
			.param("payload", payload)
			.query((rs, row) -> 1)
			.list();
	}

	/**
	 * Follows a channel from the next time listening begins; call it while the
	 * application starts (from a constructor), before this component starts.
	 */
	public void subscribe(String channel, Subscriber subscriber) {
		if (!CHANNEL_NAME.matcher(channel).matches()) {
			throw new IllegalArgumentException("not a channel name: " + channel);
		}
		this.subscribers.computeIfAbsent(channel, (name) -> new CopyOnWriteArrayList<>()).add(subscriber);
	}

	/** Whether notifications reach this instance at the moment. */
	public boolean isListening() {
		return this.listening;
	}

	@Override
	public void start() {
		this.running = true;
		this.listener = new Thread(this::listen, "memstore-notifications");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.listener.interrupt();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					for (String channel : this.subscribers.keySet()) {
						statement.execute("listen " + channel);
					}
				}
				this.failures.succeeded();
				this.listening = true;
				each(Subscriber::listening);
				PGConnection notifications = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] received = notifications.getNotifications(500);
					if (received != null) {
						for (PGNotification notification : received) {
							deliver(notification);
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.listening) {
					this.listening = false;
					each(Subscriber::deaf);
				}
				if (this.running) {
					// Retried every second until the database is back.
					this.failures.failed(ex);
					sleep();
				}
			}
		}
		this.listening = false;
	}

	private void deliver(PGNotification notification) {
		for (Subscriber subscriber : this.subscribers.getOrDefault(notification.getName(), List.of())) {
			subscriber.notified(notification.getParameter());
		}
	}

	private void each(Consumer<Subscriber> action) {
		this.subscribers.values().forEach((list) -> list.forEach(action));
	}

	private static void sleep() {
		try {
			Thread.sleep(RETRY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
