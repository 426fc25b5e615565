package dev.memstore.workspace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.api.ServerAddress;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Installs the configured bootstrap key while the application starts, before the server
 * accepts requests, and warns when the well-known development key is exposed beyond this
 * machine by the operator's choice.
 */
@Component
class BootstrapKeyInstaller implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapKeyInstaller.class);

	private final WorkspaceService workspaces;

	private final AuthProperties properties;

	private final Environment environment;

	BootstrapKeyInstaller(WorkspaceService workspaces, AuthProperties properties, Environment environment) {
		this.workspaces = workspaces;
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.workspaces.installBootstrapKey(this.properties.effectiveBootstrapKey());
		if (!this.properties.usesLocalDevelopmentKey()) {
			return;
		}
		// Only reached with memstore.security.allow-development-credentials: otherwise
		// api.ExposureGuard refused the start. On loopback, the start-up line names the
		// key.
		String address = this.environment.getProperty("server.address");
		if (ServerAddress.reachableBeyondLoopback(address)) {
			logger.warn("memstore.auth.bootstrap-key is not set, so the default workspace accepts the public "
					+ "development key '{}', and the server listens on {}. Anyone who can reach this port can use "
					+ "it: set memstore.auth.bootstrap-key (MEMSTORE_AUTH_BOOTSTRAP_KEY), or server.address=127.0.0.1.",
					AuthProperties.LOCAL_DEVELOPMENT_KEY, ServerAddress.describe(address));
		}
	}

}
