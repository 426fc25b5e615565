package dev.memstore.memory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts memory writes by operation and author type, and the bytes written: once the
 * write commits, so that a refused or rolled-back write counts nothing.
 */
@Component
class MemoryWriteMetrics {

	static final String WRITES = "memstore.memory.writes";

	static final String BYTES = "memstore.memory.written.bytes";

	private final MeterRegistry meters;

	MemoryWriteMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void written(MemoryVersionRow version) {
		String actor = version.createdBy().type();
		String operation = version.operation().wireName();
		int bytes = (version.sizeBytes() != null) ? version.sizeBytes() : 0;
		Runnable count = () -> {
			Counter.builder(WRITES)
				.description("Memory versions written (created, modified, deleted), by the type of their author")
				.tag("operation", operation)
				.tag("actor", actor)
				.register(this.meters)
				.increment();
			if (bytes > 0) {
				Counter.builder(BYTES)
					.description("Content bytes of the memory versions written, by the type of their author")
					.baseUnit("bytes")
					.tag("actor", actor)
					.register(this.meters)
					.increment(bytes);
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					count.run();
				}
			});
		}
		else {
			count.run();
		}
	}

}
