package dev.memstore.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of session streams and the turns extension ({@code memstore.sessions.*}).
 *
 * @param streamHeartbeat how often an idle event stream sends {@code event: ping}
 * @param streamPoll how often streams look for events a missed notification would have
 * announced
 * @param turnTimeout how long {@code POST /v1/sessions/{id}/turns} waits for the session
 * to go idle; the turn goes on after it
 */
@ConfigurationProperties("memstore.sessions")
public record SessionProperties(@DefaultValue("15s") Duration streamHeartbeat, @DefaultValue("2s") Duration streamPoll,
		@DefaultValue("300s") Duration turnTimeout) {

}
