package dev.memstore.selfhosted;

import java.time.Instant;

/**
 * A worker that polled an environment in the last day, by the {@code Anthropic-Worker-ID}
 * it sent.
 */
public record PollingWorker(String workerId, Instant lastPolledAt) {

}
