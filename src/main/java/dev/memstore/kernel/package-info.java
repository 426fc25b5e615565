/**
 * The shared kernel every module may use, open by design and kept small: ids, page
 * cursors and parameters, keyset queries and list pages, text and metadata rules,
 * timestamps, hashes, the API error types that domain exceptions carry, how {@code jsonb}
 * is stored, how to tell a database outage from a bug and log it once, a background
 * worker that sleeps until woken, and what a change announces to webhooks.
 */
@ApplicationModule(allowedDependencies = {})
package dev.memstore.kernel;

import org.springframework.modulith.ApplicationModule;
