package dev.memstore.workspace;

import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A developer's set-up: no keys configured and the beta-header check relaxed for curl, on
 * all interfaces with the published development credentials accepted explicitly (as on a
 * machine whose network only its developer reaches).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "memstore.embedded-db.ephemeral=true", "memstore.api.require-beta-header=false",
				"server.address=0.0.0.0", "memstore.security.allow-development-credentials=true" })
class LocalDevelopmentSettingsTest {

	@LocalServerPort
	int port;

	@Test
	void theDocumentedDevelopmentKeyWorksWhenNoBootstrapKeyIsSet() {
		String name = Sdk.client(this.port, AuthProperties.LOCAL_DEVELOPMENT_KEY)
			.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Local").build())
			.name();

		assertThat(name).isEqualTo("Local");
	}

	@Test
	void aWarningSaysThatTheDevelopmentKeyIsReachableBeyondLoopback(CapturedOutput output) {
		// The test server listens on all interfaces, which only
		// memstore.security.allow-development-credentials permits with this key.
		assertThat(output).contains("memstore.auth.bootstrap-key is not set")
			.contains(AuthProperties.LOCAL_DEVELOPMENT_KEY)
			.contains("all interfaces");
	}

	@Test
	void aWarningSaysThatTheAdminPageKeepsItsLocalPasswordBeyondLoopback(CapturedOutput output) {
		assertThat(output).contains("The admin page accepts the documented local password for user 'admin'")
			.contains("set memstore.admin.password");
	}

	@Test
	void theOperatorApiIsOffWithoutAnAdminKey() {
		RawApi.Response response = new RawApi(this.port).request("GET", "/_memstore/workspaces")
			.header("x-api-key", AuthProperties.LOCAL_DEVELOPMENT_KEY)
			.send();

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errorType()).isEqualTo("permission_error");
		assertThat(response.errorMessage()).contains("memstore.auth.admin-key");
	}

	@Test
	void aMissingBetaHeaderIsWaivedButBothMemoryValuesAreStillRefused() {
		RawApi api = new RawApi(this.port);

		RawApi.Response withoutBeta = api.request("POST", "/v1/memory_stores")
			.header("x-api-key", AuthProperties.LOCAL_DEVELOPMENT_KEY)
			.json("{\"name\":\"curl\"}")
			.send();
		RawApi.Response withBoth = api.request("GET", "/v1/memory_stores")
			.header("x-api-key", AuthProperties.LOCAL_DEVELOPMENT_KEY)
			.header("anthropic-beta", "agent-memory-2026-07-22,managed-agents-2026-04-01")
			.send();

		assertThat(withoutBeta.status()).isEqualTo(200);
		assertThat(withBoth.status()).isEqualTo(400);
	}

}
