/**
 * The HTTP face shared by every /v1 controller: the error envelope (including the 503 of
 * a database that cannot be reached), request ids, beta-header rules, ids, cursors and
 * the query conventions of the Anthropic SDKs; and, for every module, how to tell a
 * database outage from a bug and log it once.
 */
@ApplicationModule(allowedDependencies = {})
package dev.memstore.api;

import org.springframework.modulith.ApplicationModule;
