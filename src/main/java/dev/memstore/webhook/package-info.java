/**
 * Webhooks: the endpoints the operator registers per workspace, the events the API's
 * changes announce (written in the change's transaction), and their signed, retried
 * delivery.
 */
@ApplicationModule(allowedDependencies = { "kernel", "workspace" })
package dev.memstore.webhook;

import org.springframework.modulith.ApplicationModule;
