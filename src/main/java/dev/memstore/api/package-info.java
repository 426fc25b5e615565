/**
 * The HTTP face shared by every /v1 controller: the error envelope, request ids,
 * beta-header rules, ids, cursors and the query conventions of the Anthropic SDKs.
 */
package dev.memstore.api;
