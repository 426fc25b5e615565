package dev.memstore.admin;

import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser pointed at memstore's address finds: {@code /} leads to the admin page,
 * the icons are images, and the API's unknown routes still answer in its error envelope.
 */
@MemstoreIntegrationTest
class AdminEntryPointsTest {

	@LocalServerPort
	int port;

	@Test
	void theRootLeadsToTheAdminPage() {
		RawApi.Response root = new RawApi(this.port).request("GET", "/").send();

		assertThat(root.status()).isEqualTo(302);
		assertThat(root.header("location")).endsWith("/admin");
	}

	@Test
	void theFaviconIsAnImage() {
		RawApi api = new RawApi(this.port);
		RawApi.Response ico = api.request("GET", "/favicon.ico").send();
		RawApi.Response svg = api.request("GET", "/favicon.svg").send();

		assertThat(ico.status()).isEqualTo(200);
		assertThat(ico.header("content-type")).startsWith("image/");
		assertThat(svg.status()).isEqualTo(200);
		assertThat(svg.header("content-type")).startsWith("image/svg+xml");
	}

	@Test
	void theApisUnknownRoutesKeepTheErrorEnvelope() {
		RawApi api = new RawApi(this.port);
		for (String path : new String[] { "/v1/nothing", "/_memstore/nothing", "/nothing" }) {
			RawApi.Response response = api.request("GET", path).send();
			assertThat(response.status()).as(path).isIn(401, 404);
			assertThat(response.header("content-type")).as(path).startsWith("application/json");
			assertThat(response.json().path("type").asString()).as(path).isEqualTo("error");
		}
	}

}
