package dev.memstore.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the agent loop ({@code memstore.runtime.*}).
 *
 * @param workers turns this instance runs at once, each for a different session
 * @param pollInterval how often idle workers look for work that another instance queued
 * or abandoned
 * @param heartbeatInterval how often a worker proves it still runs a session's turns
 * @param leaseTimeout how long without a heartbeat before any instance takes the work
 * over
 * @param maxAttempts how often a failing turn is tried before it ends with
 * {@code retries_exhausted}
 * @param offlineStepDelay a pause before each step of the offline agent, to watch a turn
 * unfold in a demo; zero by default
 */
@ConfigurationProperties("memstore.runtime")
public record RuntimeProperties(@DefaultValue("4") int workers, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("5s") Duration heartbeatInterval, @DefaultValue("30s") Duration leaseTimeout,
		@DefaultValue("3") int maxAttempts, @DefaultValue("0s") Duration offlineStepDelay) {

}
