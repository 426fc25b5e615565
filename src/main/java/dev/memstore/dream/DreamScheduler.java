package dev.memstore.dream;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.WakeableWorker;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs due dream schedules: when the next one it knows of is due, when a schedule is
 * created or changed on this instance, and at least every
 * {@code memstore.dreams.schedules.poll-interval}. Each run claims its schedule with
 * {@code FOR UPDATE SKIP LOCKED} in the transaction that creates the dream and moves the
 * schedule on, so any number of instances share the work and each due time runs once.
 */
@Component
class DreamScheduler extends WakeableWorker {

	private static final Logger logger = LoggerFactory.getLogger(DreamScheduler.class);

	/**
	 * How soon to look again when a schedule is due but was not run here: another
	 * instance is running it.
	 */
	private static final Duration DUE_ELSEWHERE = Duration.ofSeconds(1);

	private final DreamScheduleService schedules;

	private final DreamScheduleProperties properties;

	DreamScheduler(DreamScheduleService schedules, DreamScheduleProperties properties) {
		super("dream-scheduler", logger, "Running due dream schedules");
		this.schedules = schedules;
		this.properties = properties;
	}

	@TransactionalEventListener
	void onScheduleChanged(DreamScheduleService.ScheduleChanged changed) {
		wake();
	}

	@Override
	protected Duration work() {
		runDue();
		return untilNextDue();
	}

	@Override
	protected Duration afterFailure() {
		return this.properties.pollInterval();
	}

	/**
	 * Runs due schedules until none is left.
	 */
	void runDue() {
		while (isRunning()) {
			try {
				if (!this.schedules.runNextDue()) {
					return;
				}
			}
			catch (DreamScheduleService.RunFailed ex) {
				this.schedules.recordFailedRun(ex);
			}
		}
	}

	private Duration untilNextDue() {
		Duration poll = this.properties.pollInterval();
		Optional<Instant> next = this.schedules.earliestDue();
		if (next.isEmpty()) {
			return poll;
		}
		Duration until = Duration.between(Instant.now(), next.get());
		if (until.isNegative() || until.isZero()) {
			return DUE_ELSEWHERE;
		}
		return (until.compareTo(poll) < 0) ? until : poll;
	}

}
