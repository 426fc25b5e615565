package dev.memstore.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.RecurringFailureLog;
import dev.memstore.kernel.WakeableWorker;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends this instance's share of the deliveries: one thread claims due deliveries (with
 * {@code FOR UPDATE SKIP LOCKED}, so instances sharing the database never claim the same
 * one) as places free up in a pool of {@code memstore.webhooks.concurrency} senders, at
 * most {@code concurrency-per-endpoint} of them for one endpoint, so that a slow or dead
 * endpoint never holds the places of the others. Nothing here runs on a request's thread:
 * an API call only writes its events.
 * <p>
 * It claims at once when deliveries are written on this instance, when a sender is done,
 * when its next retry is due, and at least every {@code memstore.webhooks.poll-interval}
 * for deliveries written elsewhere or left by a worker that died. Once a minute it
 * deletes the events past {@code memstore.webhooks.retention}.
 */
@Component
class WebhookDispatcher extends WakeableWorker {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDispatcher.class);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private final WebhookDeliveries deliveries;

	private final WebhookSender sender;

	private final WebhookMetrics metrics;

	private final WebhookProperties properties;

	private final RecurringFailureLog recordFailures = new RecurringFailureLog(logger,
			"Recording webhook delivery attempts");

	private final ReentrantLock lock = new ReentrantLock();

	/** This instance's attempts under way, by endpoint (guarded by {@link #lock}). */
	private final Map<String, Integer> inFlight = new HashMap<>();

	/** This instance's attempts under way (guarded by {@link #lock}). */
	private int busy;

	private Instant nextCleanup = Instant.EPOCH;

	private ExecutorService senders;

	WebhookDispatcher(WebhookDeliveries deliveries, WebhookSender sender, WebhookMetrics metrics,
			WebhookProperties properties) {
		super("memstore-webhook-dispatcher", logger, "Claiming webhook deliveries");
		this.deliveries = deliveries;
		this.sender = sender;
		this.metrics = metrics;
		this.properties = properties;
	}

	@TransactionalEventListener
	void onDeliveriesQueued(WebhookOutbox.DeliveriesQueued queued) {
		wake();
	}

	@Override
	public void start() {
		AtomicInteger numbers = new AtomicInteger();
		this.senders = Executors.newFixedThreadPool(this.properties.concurrency(), (runnable) -> {
			Thread sending = new Thread(runnable, "memstore-webhook-sender-" + numbers.incrementAndGet());
			sending.setDaemon(true);
			return sending;
		});
		super.start();
	}

	/**
	 * Stops claiming and interrupts the attempts under way: their deliveries are claimed
	 * again, by any instance, once their claim lapses.
	 */
	@Override
	public void stop() {
		super.stop();
		this.senders.shutdownNow();
		try {
			this.senders.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Claims what there is room for and starts sending it.
	 * @return how long to wait before looking again, unless woken
	 */
	@Override
	protected Duration work() {
		int free;
		Map<String, Integer> busyEndpoints;
		this.lock.lock();
		try {
			free = this.properties.concurrency() - this.busy;
			busyEndpoints = Map.copyOf(this.inFlight);
		}
		finally {
			this.lock.unlock();
		}
		if (free <= 0) {
			// A sender that finishes wakes the dispatcher.
			return this.properties.pollInterval();
		}
		List<DeliveryClaim> claims = this.deliveries.claim(free, busyEndpoints);
		claims.forEach(this::start);
		if (claims.size() == free) {
			return Duration.ZERO;
		}
		deleteExpiredEvents();
		Instant now = Instant.now();
		Optional<Instant> nextDue = this.deliveries.nextDue();
		if (nextDue.isPresent() && nextDue.get().isAfter(now)) {
			Duration untilDue = Duration.between(now, nextDue.get());
			return (untilDue.compareTo(this.properties.pollInterval()) < 0) ? untilDue : this.properties.pollInterval();
		}
		return this.properties.pollInterval();
	}

	private void start(DeliveryClaim claim) {
		this.lock.lock();
		try {
			this.busy++;
			this.inFlight.merge(claim.endpointId(), 1, Integer::sum);
		}
		finally {
			this.lock.unlock();
		}
		this.senders.execute(() -> attempt(claim));
	}

	private void attempt(DeliveryClaim claim) {
		try {
			AttemptResult result = this.sender.send(claim);
			WebhookDeliveries.Recorded recorded = this.deliveries.record(claim, result);
			this.recordFailures.succeeded();
			this.metrics.attempted(result);
			switch (recorded.outcome()) {
				case DELIVERED -> this.metrics.finished("delivered");
				case GAVE_UP -> this.metrics.finished("failed");
				default -> {
				}
			}
			if (recorded.disabledBecause() != null) {
				this.metrics.endpointDisabled();
				logger.warn("Webhook endpoint {} is disabled: {}. Nothing is delivered to it until it is enabled "
						+ "again.", claim.endpointId(), recorded.disabledBecause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			// The claim lapses, and the delivery is tried again.
			this.recordFailures.failed(ex);
		}
		finally {
			this.lock.lock();
			try {
				this.busy--;
				this.inFlight.computeIfPresent(claim.endpointId(), (id, count) -> (count > 1) ? count - 1 : null);
			}
			finally {
				this.lock.unlock();
			}
			// A place is free.
			wake();
		}
	}

	private void deleteExpiredEvents() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextCleanup)) {
			return;
		}
		int deleted = this.deliveries.deleteExpired();
		this.nextCleanup = (deleted >= WebhookDeliveries.DELETE_BATCH) ? now : now.plus(CLEANUP_INTERVAL);
	}

	@Override
	protected Duration afterFailure() {
		return this.properties.pollInterval();
	}

}
