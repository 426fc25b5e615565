package dev.memstore.admin;

import java.net.InetAddress;
import java.util.List;

import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.api.DevelopmentCredential;
import dev.memstore.api.DevelopmentCredentials;
import dev.memstore.api.ServerAddress;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The last line of the start-up log: where memstore answers and where its admin page is,
 * with the address and port the server is bound to, followed by a hint for each published
 * development credential in effect. It lives with the admin page because that is the page
 * a person opens.
 */
@Component
class StartupLine implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(StartupLine.class);

	private final ObjectProvider<DevelopmentCredentials> credentials;

	StartupLine(ObjectProvider<DevelopmentCredentials> credentials) {
		this.credentials = credentials;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext context)
				|| context.getWebServer() == null) {
			return;
		}
		WebServer server = context.getWebServer();
		logger.info("Started memstore on http://{}:{} (admin: {})", ServerAddress.urlHost(boundAddress(server)),
				server.getPort(), AdminSecurityConfiguration.ROOT);
		List<DevelopmentCredential> inEffect = this.credentials.orderedStream()
			.flatMap((settings) -> settings.developmentCredentialsInEffect().stream())
			.toList();
		for (DevelopmentCredential credential : inEffect) {
			logger.info("{}: {} (the published development one; set {} to choose your own)",
					capitalized(credential.description()), credential.value(), credential.environmentVariable());
		}
	}

	/**
	 * The address the connector is bound to; null for all interfaces.
	 */
	static InetAddress boundAddress(WebServer server) {
		if (server instanceof TomcatWebServer tomcat
				&& tomcat.getTomcat().getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
			return protocol.getAddress();
		}
		return null;
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
