/**
 * Workspaces and their API keys, the key that authenticates every /v1 request, and the
 * operator API.
 */
@ApplicationModule(allowedDependencies = { "api", "kernel" })
package dev.memstore.workspace;

import org.springframework.modulith.ApplicationModule;
