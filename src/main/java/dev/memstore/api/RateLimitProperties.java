package dev.memstore.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request-rate limit of each API key ({@code memstore.limits.*}; the quotas of that
 * prefix live with the data they limit).
 *
 * @param requestsPerMinute {@code /v1} requests one API key may make per minute on one
 * instance, as a bucket of that many requests refilled evenly over the minute (so a key
 * may spend a whole minute's requests at once, then one every {@code 60 /
 * requestsPerMinute} seconds); {@code 0} (the default) is no limit
 * @param refusalDelay how long a request over the limit waits, holding no thread, before
 * its 429 is sent: a client that ignores {@code retry-after} then costs the server one
 * refusal per connection per delay, not as many as it can send; {@code 0} answers at once
 */
@ConfigurationProperties("memstore.limits")
public record RateLimitProperties(int requestsPerMinute, @DefaultValue("1s") Duration refusalDelay) {

}
