package dev.memstore.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The request-rate limit of each API key ({@code memstore.limits.*}; the quotas of that
 * prefix live with the data they limit).
 *
 * @param requestsPerMinute {@code /v1} requests one API key may make per minute on one
 * instance, as a bucket of that many requests refilled evenly over the minute (so a key
 * may spend a whole minute's requests at once, then one every {@code 60 /
 * requestsPerMinute} seconds); {@code 0} (the default) is no limit
 */
@ConfigurationProperties("memstore.limits")
public record RateLimitProperties(int requestsPerMinute) {

}
