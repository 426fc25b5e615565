/**
 * Sessions: their mounted resources, the event log, its live stream and the turns
 * extension.
 */
@ApplicationModule(allowedDependencies = { "agent", "api", "kernel", "sandbox", "store" })
package dev.memstore.session;

import org.springframework.modulith.ApplicationModule;
