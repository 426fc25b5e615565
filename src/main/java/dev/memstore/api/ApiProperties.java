package dev.memstore.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP face.
 *
 * @param requireBetaHeader whether a request without the endpoint's
 * {@code anthropic-beta} value is refused, as the real API does; turning it off helps
 * curl users and never waives the "both memory betas" rule
 * @param maxRequestSize the largest request body accepted; the default fits any valid
 * memory, even with every byte escaped as {@code \\u00XX}
 * @param frameworkFloorEndpoint whether {@code GET /bench/floor} serves the benchmarks'
 * static body (off by default; see {@code FrameworkFloorController})
 */
@ConfigurationProperties("memstore.api")
public record ApiProperties(@DefaultValue("true") boolean requireBetaHeader,
		@DefaultValue("1MB") DataSize maxRequestSize, boolean frameworkFloorEndpoint) {

}
