/**
 * memstore: a self-hostable implementation of the Claude Managed Agents Memory Stores
 * API.
 */
package dev.memstore;
