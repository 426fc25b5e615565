package dev.memstore.admin;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin pages with a query string Tomcat cannot decode: a 400 before anything renders.
 */
@MemstoreIntegrationTest
class AdminUndecodableRequestTest {

	@LocalServerPort
	int port;

	@Test
	void anUndecodableQueryStringIsA400NotACutOffPage() {
		// The sign-in page reads ?error while rendering: a parameter without a name or
		// broken percent-encoding failed it halfway, after the 200 had been sent.
		RawApi api = new RawApi(this.port);
		for (String target : new String[] { "/admin/login?error&=x", "/admin/login?a=%zz", "/admin?=x" }) {
			for (String method : new String[] { "GET", "POST" }) {
				RawApi.Response response = api.verbatim(method + " " + target);
				assertThat(response.status()).as(method + " " + target).isEqualTo(400);
			}
		}
		assertThat(api.verbatim("GET /admin/login?error").body()).contains("Wrong username or password");
	}

}
