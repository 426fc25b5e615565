package dev.memstore.memory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what a store may hold.
 *
 * @param memoriesPerStore live memories per store; creating one more is refused, while
 * existing memories stay readable, editable and deletable
 */
@ConfigurationProperties("memstore.limits")
public record MemoryLimits(@DefaultValue("10000") int memoriesPerStore) {

}
