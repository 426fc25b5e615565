package dev.memstore.api;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a server that listens beyond this machine while a published
 * {@link DevelopmentCredential} is in effect, unless
 * {@code memstore.security.allow-development-credentials} says the operator accepts it.
 * <p>
 * It checks the web server's factory as the server is about to be created, after
 * {@code server.address} is applied to it and before the database is started or a port is
 * opened, so a refused start touches nothing.
 */
@Component
class ExposureGuard implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(ExposureGuard.class);

	private final ObjectProvider<DevelopmentCredentials> credentials;

	private final ExposureProperties properties;

	ExposureGuard(ObjectProvider<DevelopmentCredentials> credentials, ExposureProperties properties) {
		this.credentials = credentials;
		this.properties = properties;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		if (!(factory instanceof AbstractConfigurableWebServerFactory configured)) {
			return;
		}
		InetAddress address = configured.getAddress();
		if (!ServerAddress.reachableBeyondLoopback(address)) {
			return;
		}
		List<DevelopmentCredential> inEffect = this.credentials.orderedStream()
			.flatMap((settings) -> settings.developmentCredentialsInEffect().stream())
			.toList();
		if (inEffect.isEmpty()) {
			return;
		}
		if (this.properties.allowDevelopmentCredentials()) {
			logger.warn(
					"memstore listens on {} and accepts the published development {}, as "
							+ "memstore.security.allow-development-credentials allows",
					ServerAddress.describe(address),
					inEffect.stream().map(DevelopmentCredential::description).collect(Collectors.joining(" and ")));
			return;
		}
		throw new DevelopmentCredentialsExposedException(ServerAddress.describe(address), inEffect);
	}

	/**
	 * After Spring Boot's own customizer, which applies {@code server.address}.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Thrown to stop the start; {@link Analyzer} turns it into one line instead of a
	 * stack trace.
	 */
	static final class DevelopmentCredentialsExposedException extends RuntimeException {

		DevelopmentCredentialsExposedException(String address, List<DevelopmentCredential> inEffect) {
			super(message(address, inEffect));
		}

		private static String message(String address, List<DevelopmentCredential> inEffect) {
			String published = inEffect.stream()
				.map(DevelopmentCredential::description)
				.collect(Collectors.joining(" and "));
			String settings = inEffect.stream()
				.map((credential) -> credential.environmentVariable() + " (" + credential.property() + ")")
				.collect(Collectors.joining(" and "));
			return "memstore refuses to start: it would listen on " + address
					+ ", beyond this machine, with the published development " + published + ". Set " + settings
					+ " to your own values, or listen on this machine only (SERVER_ADDRESS=127.0.0.1), or accept the"
					+ " published credentials with MEMSTORE_SECURITY_ALLOW_DEVELOPMENT_CREDENTIALS=true"
					+ " (memstore.security.allow-development-credentials).";
		}

	}

	/**
	 * Reports a refused start as its one line (registered in
	 * {@code META-INF/spring.factories}).
	 */
	static final class Analyzer extends AbstractFailureAnalyzer<DevelopmentCredentialsExposedException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentCredentialsExposedException cause) {
			return new FailureAnalysis(cause.getMessage(), null, cause);
		}

	}

}
