/**
 * Workspaces and their API keys, the key that authenticates every /v1 request, and the
 * operator API.
 */
package dev.memstore.workspace;
