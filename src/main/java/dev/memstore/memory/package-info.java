/**
 * Memories and their versions: the path and content rules, preconditions and conflicts,
 * listings by prefix and depth, the version history and its redaction.
 */
@ApplicationModule(allowedDependencies = { "api", "kernel", "store" })
package dev.memstore.memory;

import org.springframework.modulith.ApplicationModule;
