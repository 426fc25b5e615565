package dev.memstore.selfhosted;

import java.time.Instant;

/**
 * A work item as the admin page shows it: its state, which worker took it, and its lease.
 *
 * @param workerId the {@code Anthropic-Worker-ID} of the poll that last delivered it, or
 * {@code null} (never delivered, or the worker sent no id)
 * @param deliveries how many polls delivered it, more than one after a worker died
 * @param leaseExpiresAt when the holder's lease runs out, while one holds it
 */
public record WorkItemStatus(String id, String environmentId, String sessionId, WorkState state, String workerId,
		int deliveries, Instant createdAt, Instant deliveredAt, Instant acknowledgedAt, Instant latestHeartbeatAt,
		Instant leaseExpiresAt, Instant stoppedAt) {

}
