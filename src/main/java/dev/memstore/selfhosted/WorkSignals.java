package dev.memstore.selfhosted;

import java.util.HashMap;
import java.util.Map;

import dev.memstore.kernel.DatabaseNotifications;

import org.springframework.stereotype.Component;

/**
 * Wakes the polls waiting on an environment when an item is queued there, on whichever
 * instance it was queued: a queueing announces the environment on the database's
 * notifications at commit, and every instance's waiting polls of that environment look
 * again. While this instance cannot follow the notifications, a waiting poll looks again
 * every {@link #DEAF_RECHECK_MILLIS} instead.
 */
@Component
class WorkSignals {

	static final String CHANNEL = "memstore_work";

	static final long DEAF_RECHECK_MILLIS = 100;

	/**
	 * Environments live in the database; this bounds the memory spent on their signals.
	 */
	static final int MAX_ENVIRONMENTS = 10_000;

	/**
	 * Where a poll stood when it last looked: it waits until either moves on.
	 */
	record Seen(long epoch, long environment) {
	}

	private final DatabaseNotifications notifications;

	private final Object monitor = new Object();

	/** Guarded by {@link #monitor}. */
	private final Map<String, Long> versions = new HashMap<>();

	/** Guarded by {@link #monitor}: moves on when every environment may have changed. */
	private long epoch;

	WorkSignals(DatabaseNotifications notifications) {
		this.notifications = notifications;
		notifications.subscribe(CHANNEL, new DatabaseNotifications.Subscriber() {

			@Override
			public void notified(String environmentId) {
				signal(environmentId);
			}

			@Override
			public void listening() {
				signal(null);
			}

			@Override
			public void deaf() {
				signal(null);
			}

		});
	}

	/**
	 * Announces that an environment has work, to every instance once the current
	 * transaction commits (PostgreSQL delivers a notification at commit, and drops it on
	 * rollback).
	 */
	void announce(String environmentId) {
		this.notifications.announce(CHANNEL, environmentId);
	}

	Seen seen(String environmentId) {
		synchronized (this.monitor) {
			return new Seen(this.epoch, this.versions.getOrDefault(environmentId, 0L));
		}
	}

	/**
	 * Waits until the environment may have new work since {@code seen}, or the deadline.
	 * @return {@code false} when the deadline passed first
	 */
	boolean await(String environmentId, Seen seen, long deadlineNanos) throws InterruptedException {
		synchronized (this.monitor) {
			while (seen(environmentId).equals(seen)) {
				long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
				if (remainingMillis <= 0) {
					return false;
				}
				boolean deaf = !this.notifications.isListening();
				this.monitor.wait(deaf ? Math.min(remainingMillis, DEAF_RECHECK_MILLIS) : remainingMillis);
				if (deaf) {
					return true;
				}
			}
			return true;
		}
	}

	/**
	 * @param environmentId the environment with new work, or {@code null} for all
	 */
	private void signal(String environmentId) {
		synchronized (this.monitor) {
			if (environmentId == null || this.versions.size() >= MAX_ENVIRONMENTS) {
				this.versions.clear();
				this.epoch++;
			}
			else {
				this.versions.merge(environmentId, 1L, Long::sum);
			}
			this.monitor.notifyAll();
		}
	}

}
