/**
 * Memory stores: create, retrieve, update with a metadata patch, list, archive and
 * delete.
 */
@ApplicationModule(allowedDependencies = { "api", "kernel" })
package dev.memstore.store;

import org.springframework.modulith.ApplicationModule;
