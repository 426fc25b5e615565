/**
 * The admin web page at {@code /admin}: people see, fix and forget what agents remember,
 * through the same services as the API.
 */
package dev.memstore.admin;
