package dev.memstore.api;

import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.memstore.MemstoreApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Out of the box memstore listens on loopback only; beyond it, it refuses to start while
 * the published development key or admin password is in effect, unless the operator
 * accepts them; and it ends its start-up log with one line saying where it answers.
 */
@ExtendWith(OutputCaptureExtension.class)
class SafeDefaultsTest {

	@Test
	void listensOnLoopbackByDefaultAndSaysWhereWithTheDevelopmentCredentials(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--server.port=0")) {
			InetAddress bound = boundAddress(context);
			int port = port(context);

			assertThat(bound).isNotNull();
			assertThat(bound.isLoopbackAddress()).isTrue();
			String line = "Started memstore on http://" + bound.getHostAddress() + ":" + port + " (admin: /admin)";
			assertThat(count(output.getOut(), line)).isEqualTo(1);
			assertThat(count(output.getOut(), "Started memstore on ")).isEqualTo(1);
			assertThat(output.getOut().substring(output.getOut().indexOf(line)))
				.contains("API key: memstore-local-dev-key (the published development one; set "
						+ "MEMSTORE_AUTH_BOOTSTRAP_KEY to choose your own)")
				.contains("Admin password for user 'admin': memstore-admin (the published development one; set "
						+ "MEMSTORE_ADMIN_PASSWORD to choose your own)");
		}
	}

	@Test
	void refusesToListenBeyondLoopbackWithTheDevelopmentKey(CapturedOutput output) {
		assertThatThrownBy(
				() -> start("--server.port=0", "--server.address=0.0.0.0", "--memstore.admin.password=an-own-password"))
			.rootCause()
			.isInstanceOf(ExposureGuard.DevelopmentCredentialsExposedException.class)
			.hasMessageContaining("MEMSTORE_AUTH_BOOTSTRAP_KEY (memstore.auth.bootstrap-key)")
			.hasMessageNotContaining("MEMSTORE_ADMIN_PASSWORD");
		assertThat(refusal(output)).contains("all interfaces (0.0.0.0)")
			.contains("MEMSTORE_AUTH_BOOTSTRAP_KEY")
			.contains("memstore.security.allow-development-credentials");
		// Refused before the database starts.
		assertThat(output.getOut()).doesNotContain("Embedded PostgreSQL ready");
	}

	@Test
	void refusesToListenBeyondLoopbackWithTheDefaultAdminPassword(CapturedOutput output) {
		assertThatThrownBy(
				() -> start("--server.port=0", "--server.address=0.0.0.0", "--memstore.auth.bootstrap-key=an-own-key"))
			.rootCause()
			.isInstanceOf(ExposureGuard.DevelopmentCredentialsExposedException.class)
			.hasMessageContaining("MEMSTORE_ADMIN_PASSWORD (memstore.admin.password)")
			.hasMessageNotContaining("MEMSTORE_AUTH_BOOTSTRAP_KEY");
		assertThat(refusal(output)).contains("MEMSTORE_ADMIN_PASSWORD");
	}

	@Test
	void listensBeyondLoopbackWithOwnCredentials(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--server.port=0", "--server.address=0.0.0.0",
				"--memstore.auth.bootstrap-key=an-own-key", "--memstore.admin.password=an-own-password")) {
			InetAddress bound = boundAddress(context);

			assertThat(bound.isAnyLocalAddress()).isTrue();
			assertThat(output.getOut()).contains("Started memstore on http://0.0.0.0:" + port(context))
				.doesNotContain("published development one");
		}
	}

	@Test
	void listensBeyondLoopbackWithTheDevelopmentCredentialsWhenAccepted(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--server.port=0", "--server.address=0.0.0.0",
				"--memstore.security.allow-development-credentials=true")) {
			assertThat(boundAddress(context).isAnyLocalAddress()).isTrue();
			assertThat(output.getOut())
				.contains("accepts the published development admin password for user 'admin' and API key");
		}
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		String[] all = new String[arguments.length + 1];
		all[0] = "--memstore.embedded-db.ephemeral=true";
		System.arraycopy(arguments, 0, all, 1, arguments.length);
		return new SpringApplicationBuilder(MemstoreApplication.class).run(all);
	}

	/**
	 * The address the web server's connector is bound to (null: all interfaces).
	 */
	private static InetAddress boundAddress(ConfigurableApplicationContext context) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
		InetAddress address = protocol.getAddress();
		return (address != null) ? address : new java.net.InetSocketAddress(0).getAddress();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * The refusal as the log shows it: the one line after "Description:".
	 */
	private static String refusal(CapturedOutput output) {
		Matcher matcher = Pattern.compile("Description:\\R\\R(.*)\\R").matcher(output.toString());
		assertThat(matcher.find()).as("a failure description in the log").isTrue();
		String line = matcher.group(1);
		assertThat(line).startsWith("memstore refuses to start");
		return line;
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
