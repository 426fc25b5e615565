package dev.memstore.selfhosted;

/**
 * The answer to a heartbeat (the SDK's {@code BetaSelfHostedWorkHeartbeatResponse}).
 *
 * @param lastHeartbeat the opaque value the next heartbeat echoes in
 * {@code expected_last_heartbeat}; {@code ""} when there has been none
 * @param leaseExtended {@code false} once the item is stopping or stopped: the worker
 * then shuts down
 */
public record WorkHeartbeat(String type, String lastHeartbeat, boolean leaseExtended, WorkState state,
		long ttlSeconds) {

	static final String TYPE = "work_heartbeat";

}
