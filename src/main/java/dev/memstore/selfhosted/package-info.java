/**
 * Self-hosted environments: the keys their workers poll with, the work queue those
 * workers drain (an item per session that needs a worker, leased by heartbeats), the
 * sessions tokens each delivery mints, and the one authorization matrix of what an
 * environment key and a sessions token may call.
 */
@ApplicationModule(allowedDependencies = { "agent", "api", "kernel", "session", "workspace" })
package dev.memstore.selfhosted;

import org.springframework.modulith.ApplicationModule;
