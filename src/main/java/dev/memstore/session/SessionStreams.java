package dev.memstore.session;

import java.util.concurrent.ThreadFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.memstore.kernel.DatabaseNotifications;
import dev.memstore.kernel.RecurringFailureLog;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers session events to the subscribers on this instance, whichever instance wrote
 * them: each session announced on the database's notifications has its new events read
 * once and handed to all its subscribers. A periodic sweep covers notifications lost
 * while the listening connection was down.
 */
@Component
class SessionStreams implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SessionStreams.class);

	private static final int BATCH = 500;

	private final SessionEventRepository events;

	private final SessionRepository sessions;

	private final SessionProperties properties;

	private final Map<String, List<StreamSubscriber>> subscribers = new ConcurrentHashMap<>();

	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	private final RecurringFailureLog deliveryFailures = new RecurringFailureLog(logger, "Delivering session events");

	private volatile boolean running;

	private ExecutorService delivery;

	private ScheduledExecutorService timers;

	SessionStreams(DatabaseNotifications notifications, SessionEventRepository events, SessionRepository sessions,
			SessionProperties properties, MeterRegistry meters) {
		this.events = events;
		this.sessions = sessions;
		this.properties = properties;
		Gauge
			.builder("memstore.streams.open", this.subscribers,
					(following) -> following.values().stream().mapToInt(List::size).sum())
			.description("Event streams open on this instance")
			.register(meters);
		notifications.subscribe(SessionEventRepository.CHANNEL, new DatabaseNotifications.Subscriber() {

			@Override
			public void notified(String sessionId) {
				schedule(sessionId);
			}

			@Override
			public void listening() {
				// Catch up with whatever was announced while not listening.
				SessionStreams.this.subscribers.keySet().forEach(SessionStreams.this::schedule);
			}

			@Override
			public void deaf() {
				// The periodic sweep delivers until listening is back.
			}

		});
	}

	/**
	 * Follows a session from now on: the subscriber gets every event numbered after its
	 * {@link StreamSubscriber#lastSeq()}.
	 */
	void subscribe(String sessionId, StreamSubscriber subscriber) {
		this.subscribers.computeIfAbsent(sessionId, (id) -> new CopyOnWriteArrayList<>()).add(subscriber);
		// An event may have committed between reading lastSeq and subscribing.
		schedule(sessionId);
	}

	void unsubscribe(String sessionId, StreamSubscriber subscriber) {
		this.subscribers.computeIfPresent(sessionId, (id, list) -> {
			list.remove(subscriber);
			return list.isEmpty() ? null : list;
		});
	}

	@Override
	public void start() {
		this.running = true;
		this.delivery = Executors.newFixedThreadPool(2, daemon("memstore-stream-delivery"));
		this.timers = Executors.newSingleThreadScheduledExecutor(daemon("memstore-stream-timer"));
		long poll = this.properties.streamPoll().toMillis();
		this.timers.scheduleWithFixedDelay(() -> this.subscribers.keySet().forEach(this::schedule), poll, poll,
				TimeUnit.MILLISECONDS);
		long heartbeat = this.properties.streamHeartbeat().toMillis();
		this.timers.scheduleWithFixedDelay(this::ping, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		// Open streams would otherwise hold up the web server's graceful shutdown.
		this.subscribers.values().forEach((following) -> following.forEach(StreamSubscriber::close));
		this.subscribers.clear();
		this.timers.shutdownNow();
		this.delivery.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Reads a session's new events for its subscribers, at most once at a time per
	 * session: a notification that arrives meanwhile is covered by a rerun.
	 */
	private void schedule(String sessionId) {
		if (!this.subscribers.containsKey(sessionId) || !this.pending.add(sessionId)) {
			return;
		}
		try {
			this.delivery.execute(() -> {
				this.pending.remove(sessionId);
				deliver(sessionId);
			});
		}
		catch (RuntimeException ex) {
			this.pending.remove(sessionId);
		}
	}

	private void deliver(String sessionId) {
		List<StreamSubscriber> following = this.subscribers.get(sessionId);
		if (following == null || following.isEmpty()) {
			return;
		}
		try {
			long from = following.stream().mapToLong(StreamSubscriber::lastSeq).min().orElse(0);
			List<LoggedEvent> batch;
			do {
				batch = this.events.processedAfter(sessionId, from, BATCH);
				for (StreamSubscriber subscriber : following) {
					List<LoggedEvent> unseen = batch.stream()
						.filter((event) -> event.seq() > subscriber.lastSeq())
						.toList();
					if (!unseen.isEmpty() && !subscriber.deliver(unseen)) {
						unsubscribe(sessionId, subscriber);
					}
				}
				if (!batch.isEmpty()) {
					from = batch.get(batch.size() - 1).seq();
				}
			}
			while (batch.size() == BATCH);
			if (batch.isEmpty() && this.sessions.status(sessionId) == null) {
				following.forEach(StreamSubscriber::sessionDeleted);
				this.subscribers.remove(sessionId);
			}
			this.deliveryFailures.succeeded();
		}
		catch (RuntimeException ex) {
			// The next notification or sweep delivers what this could not.
			this.deliveryFailures.failed(ex);
		}
	}

	private void ping() {
		this.subscribers.forEach((sessionId, following) -> following.forEach((subscriber) -> {
			if (!subscriber.ping()) {
				unsubscribe(sessionId, subscriber);
			}
		}));
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	long lastEventSeq(String sessionId) {
		return this.sessions.lastEventSeq(sessionId);
	}

}
