/**
 * The admin web page at {@code /admin}: people see, fix and forget what agents remember,
 * through the same services as the API.
 */
@ApplicationModule(allowedDependencies = { "agent", "api", "dream", "kernel", "memory", "selfhosted", "session",
		"store", "webhook", "workspace" })
package dev.memstore.admin;

import org.springframework.modulith.ApplicationModule;
