/**
 * Memory stores: create, retrieve, update with a metadata patch, list, archive and
 * delete.
 */
package dev.memstore.store;
