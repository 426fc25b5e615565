/**
 * The agent loop: runs each turn of a session as durable work, asks a model what to do,
 * executes its tool calls on the sandbox and records every step as an event.
 */
@ApplicationModule(allowedDependencies = { "agent", "dream", "kernel", "sandbox", "session" })
package dev.memstore.runtime;

import org.springframework.modulith.ApplicationModule;
