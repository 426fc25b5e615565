package dev.memstore.selfhosted;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code work_items}.
 */
record WorkRow(String id, String workspaceId, String environmentId, String sessionId, WorkState state,
		Map<String, String> metadata, Instant createdAt, Instant deliveredAt, String deliveredTo, int deliveries,
		Instant acknowledgedAt, Instant startedAt, Instant latestHeartbeatAt, String lastHeartbeat, Integer ttlSeconds,
		Instant leaseExpiresAt, Instant stopRequestedAt, Instant stoppedAt) {

	Work toWork(String secret) {
		return new Work(this.id, Work.TYPE, this.environmentId, Work.Data.session(this.sessionId), this.state,
				this.createdAt, this.acknowledgedAt, this.startedAt, this.latestHeartbeatAt, this.stopRequestedAt,
				this.stoppedAt, this.metadata, secret);
	}

	WorkItemStatus toStatus() {
		return new WorkItemStatus(this.id, this.environmentId, this.sessionId, this.state, this.deliveredTo,
				this.deliveries, this.createdAt, this.deliveredAt, this.acknowledgedAt, this.latestHeartbeatAt,
				this.leaseExpiresAt, this.stoppedAt);
	}

	/** Whether its holder's lease ran out by {@code now}. */
	boolean leaseExpired(Instant now) {
		return this.state.leased() && this.leaseExpiresAt != null && !this.leaseExpiresAt.isAfter(now);
	}

}
