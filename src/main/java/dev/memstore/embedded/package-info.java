/**
 * The embedded PostgreSQL that memstore starts when no database URL is configured.
 */
package dev.memstore.embedded;
