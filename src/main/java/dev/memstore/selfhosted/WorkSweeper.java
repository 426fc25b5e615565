package dev.memstore.selfhosted;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.WakeableWorker;

import org.springframework.stereotype.Component;

/**
 * The background sweep of every instance: puts items whose worker's lease ran out back in
 * the queue, so that another worker gets them even when no poll of their environment
 * comes, and ends stopping items whose worker went silent. Instances share the work
 * through {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class WorkSweeper extends WakeableWorker {

	private static final Logger logger = LoggerFactory.getLogger(WorkSweeper.class);

	private final WorkQueue queue;

	private final Duration interval;

	WorkSweeper(WorkQueue queue, SelfHostedProperties properties) {
		super("memstore-work-sweeper", logger, "Sweeping expired work leases");
		this.queue = queue;
		this.interval = properties.sweepInterval();
	}

	@Override
	protected Duration work() {
		this.queue.sweep();
		return this.interval;
	}

	@Override
	protected Duration afterFailure() {
		return this.interval;
	}

}
