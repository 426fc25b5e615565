package dev.memstore.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quota on memory stores ({@code memstore.limits.*}; the other limits of that prefix
 * live with the data they limit).
 *
 * @param memoryStoresPerWorkspace memory stores a workspace may hold, archived ones
 * included; {@code 0} (the default) is no quota
 */
@ConfigurationProperties("memstore.limits")
public record StoreLimits(int memoryStoresPerWorkspace) {

	static final String MEMORY_STORES_PER_WORKSPACE = "memstore.limits.memory-stores-per-workspace";

}
