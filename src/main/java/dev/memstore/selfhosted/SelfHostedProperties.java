package dev.memstore.selfhosted;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of self-hosted environments, under {@code memstore.selfhosted}.
 *
 * @param defaultTtl the lease a heartbeat extends when it asks for no
 * {@code desired_ttl_seconds}; 300 s is what the SDK's worker assumes
 * @param claimWindow how long an acknowledged item may wait for its first heartbeat
 * before it is offered again
 * @param sweepInterval how often each instance looks for leases that ran out
 * @param keysPerWorkspace the active environment keys a workspace may hold, over all its
 * environments
 */
@ConfigurationProperties("memstore.selfhosted")
public record SelfHostedProperties(@DefaultValue("300s") Duration defaultTtl,
		@DefaultValue("300s") Duration claimWindow, @DefaultValue("5s") Duration sweepInterval,
		@DefaultValue("100") int keysPerWorkspace) {

	/** The shortest lease a heartbeat grants. */
	static final int MIN_TTL_SECONDS = 10;

	/** The longest lease a heartbeat grants. */
	static final int MAX_TTL_SECONDS = 3600;

	public SelfHostedProperties {
		if (defaultTtl.toSeconds() < MIN_TTL_SECONDS || defaultTtl.toSeconds() > MAX_TTL_SECONDS) {
			throw new IllegalArgumentException("memstore.selfhosted.default-ttl must be from " + MIN_TTL_SECONDS
					+ " s to " + MAX_TTL_SECONDS + " s, got " + defaultTtl);
		}
		if (claimWindow.isNegative() || claimWindow.isZero() || sweepInterval.isNegative() || sweepInterval.isZero()) {
			throw new IllegalArgumentException("memstore.selfhosted.claim-window and sweep-interval must be positive");
		}
	}

	/**
	 * The lease a heartbeat grants: the requested seconds clamped to 10 to 3600, or the
	 * default.
	 */
	int ttlSeconds(Integer desired) {
		if (desired == null) {
			return (int) this.defaultTtl.toSeconds();
		}
		return Math.max(MIN_TTL_SECONDS, Math.min(MAX_TTL_SECONDS, desired));
	}

}
