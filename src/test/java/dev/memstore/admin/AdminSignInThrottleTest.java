package dev.memstore.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed admin sign-ins are throttled per account and per client address, over HTTP. The
 * client addresses are loopback addresses other than 127.0.0.1 (Linux routes all of
 * 127.0.0.0/8 to the loopback interface), bound as the connection's source.
 * <p>
 * One application context holds one throttle: the test on the real admin account runs
 * last, as it leaves that account throttled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "memstore.embedded-db.ephemeral=true", "memstore.admin.password=the-right-password",
				"memstore.admin.max-failed-sign-ins=5" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminSignInThrottleTest {

	private static final String RIGHT = "the-right-password";

	@LocalServerPort
	int port;

	@Test
	@Order(1)
	void theSessionCookieIsHttpOnlyAndSameSiteLax() throws IOException {
		Client client = new Client("127.0.0.2");

		Response page = client.get("/admin/login");
		Response signedIn = client.signIn("admin", RIGHT);

		assertThat(page.cookie()).contains("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax");
		assertThat(signedIn.location()).endsWith("/admin");
		assertThat(signedIn.cookie()).contains("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax");
	}

	@Test
	@Order(2)
	void anAddressIsRefusedAfterFiveFailuresWhateverTheAccount() throws IOException {
		Client client = new Client("127.0.0.3");
		for (int i = 1; i <= 5; i++) {
			assertThat(client.signIn("someone-" + i, "wrong").location()).endsWith("/admin/login?error");
		}

		Response refused = client.signIn("admin", RIGHT);
		Response elsewhere = new Client("127.0.0.4").signIn("admin", RIGHT);

		assertThat(refused.location()).endsWith("/admin/login?throttled");
		assertThat(client.get("/admin/login?throttled").body())
			.contains("Too many failed sign-ins. Try again in a few minutes.");
		assertThat(elsewhere.location()).endsWith("/admin");
	}

	@Test
	@Order(3)
	void anUnknownAccountIsRefusedAfterFiveFailuresFromAnyAddress() throws IOException {
		for (int i = 1; i <= 5; i++) {
			assertThat(new Client("127.0.1." + i).signIn("nobody", "wrong").location()).endsWith("/admin/login?error");
		}

		assertThat(new Client("127.0.1.6").signIn("Nobody ", "wrong").location()).endsWith("/admin/login?throttled");
	}

	@Test
	@Order(4)
	void theAdminAccountIsRefusedAfterFiveFailuresFromAnyAddressEvenWithTheRightPassword() throws IOException {
		for (int i = 1; i <= 5; i++) {
			assertThat(new Client("127.0.2." + i).signIn("admin", "wrong").location()).endsWith("/admin/login?error");
		}

		// The same answer as for the unknown account: the refusal does not tell whether
		// the account exists, nor whether the password was right.
		assertThat(new Client("127.0.2.6").signIn("admin", RIGHT).location()).endsWith("/admin/login?throttled");
	}

	/**
	 * A browser from one client address: its session cookie and the sign-in form's CSRF
	 * token.
	 */
	private final class Client {

		private final InetAddress source;

		private String session;

		Client(String source) throws IOException {
			this.source = InetAddress.getByName(source);
		}

		Response signIn(String username, String password) throws IOException {
			Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get("/admin/login").body());
			assertThat(csrf.find()).isTrue();
			String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
					+ encode(csrf.group(1));
			return send("POST /admin/login", form);
		}

		Response get(String path) throws IOException {
			return send("GET " + path, null);
		}

		private Response send(String requestLine, String form) throws IOException {
			try (Socket socket = new Socket()) {
				socket.bind(new InetSocketAddress(this.source, 0));
				socket.connect(
						new InetSocketAddress(InetAddress.getLoopbackAddress(), AdminSignInThrottleTest.this.port));
				StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: localhost\r\n")
					.append("Connection: close\r\n");
				if (this.session != null) {
					request.append("Cookie: ").append(this.session).append("\r\n");
				}
				byte[] body = (form != null) ? form.getBytes(StandardCharsets.UTF_8) : new byte[0];
				if (form != null) {
					request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
						.append(body.length)
						.append("\r\n");
				}
				request.append("\r\n");
				OutputStream out = socket.getOutputStream();
				out.write(request.toString().getBytes(StandardCharsets.UTF_8));
				out.write(body);
				out.flush();
				Response response = Response.read(socket.getInputStream());
				String cookie = response.cookie();
				if (cookie != null) {
					this.session = cookie.substring(0, cookie.indexOf(';'));
				}
				return response;
			}
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	private record Response(List<String> headers, String body) {

		static Response read(InputStream in) throws IOException {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			List<String> headers = new ArrayList<>(List.of(text.substring(0, end).split("\r\n")));
			return new Response(headers, text.substring(end + 4));
		}

		String header(String name) {
			return this.headers.stream()
				.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
				.map((line) -> line.substring(name.length() + 1).trim())
				.findFirst()
				.orElse(null);
		}

		String cookie() {
			return header("Set-Cookie");
		}

		String location() {
			String location = header("Location");
			assertThat(location).as("a redirect, in " + this.headers).isNotNull();
			return location;
		}

	}

}
