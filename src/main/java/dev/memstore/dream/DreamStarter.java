package dev.memstore.dream;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.WakeableWorker;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Begins pending dreams: at once for a dream created on this instance, and every
 * {@code memstore.dreams.poll-interval} for those created elsewhere or left pending by a
 * restart. Each dream is claimed with {@code FOR UPDATE SKIP LOCKED} in the transaction
 * that begins it, so any number of instances share the work and each dream begins once.
 */
@Component
class DreamStarter extends WakeableWorker {

	private static final Logger logger = LoggerFactory.getLogger(DreamStarter.class);

	private final DreamService dreams;

	private final DreamProperties properties;

	DreamStarter(DreamService dreams, DreamProperties properties) {
		super("dream-starter", logger, "Beginning pending dreams");
		this.dreams = dreams;
		this.properties = properties;
	}

	@TransactionalEventListener
	void onDreamCreated(DreamService.DreamCreated created) {
		wake();
	}

	@Override
	protected Duration work() {
		beginPending();
		return this.properties.pollInterval();
	}

	@Override
	protected Duration afterFailure() {
		return this.properties.pollInterval();
	}

	/**
	 * Begins pending dreams until none is left.
	 */
	void beginPending() {
		while (isRunning()) {
			try {
				if (!this.dreams.beginNextPending()) {
					return;
				}
			}
			catch (DreamService.BeginFailed ex) {
				this.dreams.failToBegin(ex.dreamId(), ex.apiCause());
			}
		}
	}

}
