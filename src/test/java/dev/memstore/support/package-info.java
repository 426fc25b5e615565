/**
 * What the integration tests share: the test application settings, the official SDK as
 * client, raw HTTP for header-level checks, and fresh workspaces.
 */
package dev.memstore.support;
