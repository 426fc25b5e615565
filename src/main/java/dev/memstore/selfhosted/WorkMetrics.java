package dev.memstore.selfhosted;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The meters of the self-hosted work queue: its depth on every instance, deliveries to
 * workers, and leases that ran out.
 */
@Component
class WorkMetrics {

	private final Counter deliveries;

	private final Counter leaseExpiries;

	WorkMetrics(MeterRegistry meters, WorkRepository work) {
		Gauge.builder("memstore.selfhosted.work.queued", work, WorkRepository::queued)
			.description("Work items queued for self-hosted workers, on every instance (one query per scrape)")
			.register(meters);
		this.deliveries = Counter.builder("memstore.selfhosted.work.deliveries")
			.description("Work items a poll delivered to a self-hosted worker, redeliveries included")
			.register(meters);
		this.leaseExpiries = Counter.builder("memstore.selfhosted.work.lease.expiries")
			.description("Work items offered again because their worker's lease ran out")
			.register(meters);
	}

	void delivered() {
		this.deliveries.increment();
	}

	void leasesExpired(int count) {
		this.leaseExpiries.increment(count);
	}

}
