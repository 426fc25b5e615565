/**
 * Agents and environments: versioned agent configurations with their resolved tools,
 * environments with their container configuration, and what a session needs of both.
 */
@ApplicationModule(allowedDependencies = { "api", "kernel" })
package dev.memstore.agent;

import org.springframework.modulith.ApplicationModule;
