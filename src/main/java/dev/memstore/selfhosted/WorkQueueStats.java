package dev.memstore.selfhosted;

import java.time.Instant;

/**
 * An environment's queue (the SDK's {@code BetaSelfHostedWorkQueueStats}).
 *
 * @param depth queued items no poll delivered yet
 * @param pending queued items a poll delivered but no worker acknowledged
 * @param oldestQueuedAt when the oldest of both was created, or {@code null}
 * @param workersPolling workers that polled in the last 30 seconds with an
 * {@code Anthropic-Worker-ID}; {@code null} when none did
 */
public record WorkQueueStats(String type, long depth, long pending, Instant oldestQueuedAt, Integer workersPolling) {

	static final String TYPE = "work_queue_stats";

}
