package dev.memstore.workspace;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.memstore.api.Caller;
import dev.memstore.kernel.DatabaseNotifications;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The caller an active key's hash stands for, remembered in memory so that a request
 * spends no statement on its key. The promise that a revoked key stops working at once
 * holds across instances because a revocation is announced on the database's
 * notifications, which every instance follows; while this instance cannot follow them, it
 * remembers nothing and asks the database on every request. As a last resort against a
 * connection that died without a sound, a remembered key is checked again after
 * {@link #RECHECK_AFTER}.
 */
@Component
class ActiveApiKeys {

	static final String CHANNEL = "memstore_api_keys";

	/** The payload announcing that every key may have changed. */
	static final String EVERY_KEY = "*";

	static final Duration RECHECK_AFTER = Duration.ofSeconds(30);

	/** Keys live in the database; this bounds the memory an instance spends on them. */
	static final int MAX_REMEMBERED = 10_000;

	private record Remembered(Caller caller, long checkedAtNanos) {
	}

	private final JdbcClient jdbc;

	private final DatabaseNotifications notifications;

	private final LongSupplier nanoTime;

	private final Map<String, Remembered> byHash = new ConcurrentHashMap<>();

	/**
	 * Moves on at every forgetting, so that a lookup which read the database before a
	 * revocation does not remember its now stale answer after it.
	 */
	private final AtomicLong forgettings = new AtomicLong();

	private volatile boolean trusted;

	@Autowired
	ActiveApiKeys(JdbcClient jdbc, DatabaseNotifications notifications) {
		this(jdbc, notifications, System::nanoTime);
	}

	ActiveApiKeys(JdbcClient jdbc, DatabaseNotifications notifications, LongSupplier nanoTime) {
		this.jdbc = jdbc;
		this.notifications = notifications;
		this.nanoTime = nanoTime;
		notifications.subscribe(CHANNEL, new DatabaseNotifications.Subscriber() {

			@Override
			public void notified(String keyId) {
				forget(keyId);
			}

			@Override
			public void listening() {
				// Revocations announced while not listening are unknown: start afresh.
				forget(EVERY_KEY);
				ActiveApiKeys.this.trusted = true;
			}

			@Override
			public void deaf() {
				ActiveApiKeys.this.trusted = false;
				forget(EVERY_KEY);
			}

		});
	}

	/**
	 * Within a transaction (one that may have issued or revoked a key), asks the
	 * database; otherwise, as on every request, answers from memory when it can.
	 */
	Optional<Caller> find(String secretSha256) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return select(secretSha256);
		}
		Remembered remembered = this.byHash.get(secretSha256);
		if (remembered != null && this.trusted
				&& this.nanoTime.getAsLong() - remembered.checkedAtNanos() < RECHECK_AFTER.toNanos()) {
			return Optional.of(remembered.caller());
		}
		long forgettingsBefore = this.forgettings.get();
		long checkedAt = this.nanoTime.getAsLong();
		Optional<Caller> caller = select(secretSha256);
		if (caller.isPresent() && this.trusted) {
			remember(secretSha256, new Remembered(caller.get(), checkedAt), forgettingsBefore);
		}
		return caller;
	}

	/**
	 * Tells every instance, this one included, that a key was revoked, once the current
	 * transaction commits.
	 * @param keyId the key's id, or {@link #EVERY_KEY}
	 */
	void announceRevoked(String keyId) {
		this.notifications.announce(CHANNEL, keyId);
		// This instance forgets at commit, without waiting for its own notification.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				forget(keyId);
			}
		});
	}

	private Optional<Caller> select(String secretSha256) {
		return this.jdbc
			.sql("select workspace_id, id from api_keys where secret_sha256 = :secretSha256 and revoked_at is null")
			.param("secretSha256", secretSha256)
			.query((row, number) -> new Caller(row.getString("workspace_id"), row.getString("id")))
			.optional();
	}

	private void remember(String secretSha256, Remembered remembered, long forgettingsBefore) {
		if (this.byHash.size() >= MAX_REMEMBERED) {
			this.byHash.clear();
		}
		this.byHash.put(secretSha256, remembered);
		if (this.forgettings.get() != forgettingsBefore) {
			// Something was forgotten while the database was asked: the answer may be
			// stale.
			this.byHash.remove(secretSha256, remembered);
		}
	}

	void forget(String keyId) {
		this.forgettings.incrementAndGet();
		if (EVERY_KEY.equals(keyId)) {
			this.byHash.clear();
		}
		else {
			this.byHash.values().removeIf((remembered) -> remembered.caller().credential().id().equals(keyId));
		}
	}

}
