/**
 * The embedded PostgreSQL that memstore starts when no database URL is configured.
 */
@ApplicationModule(allowedDependencies = { "api" })
package dev.memstore.embedded;

import org.springframework.modulith.ApplicationModule;
