/**
 * Dreams: jobs that read a memory store and past sessions and write a reorganized version
 * of the store, run as sessions of a built-in consolidation agent; and dream schedules,
 * memstore's extension that creates a store's dreams on a cron.
 */
@ApplicationModule(allowedDependencies = { "agent", "api", "kernel", "memory", "session", "store", "workspace" })
package dev.memstore.dream;

import org.springframework.modulith.ApplicationModule;
