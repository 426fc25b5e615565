/**
 * The HTTP edge every endpoint shares, in the order of {@link RequestPipeline}: request
 * ids, the shape of API requests, the 503 of a database that cannot be reached, each API
 * key's request rate, the beta-header rules, the parameters every controller takes, and
 * the Anthropic error envelope for every failure; the OpenAPI document of the operator
 * API; and where the server may listen, given the published development credentials the
 * modules declare.
 */
@ApplicationModule(allowedDependencies = { "kernel" })
package dev.memstore.api;

import org.springframework.modulith.ApplicationModule;
