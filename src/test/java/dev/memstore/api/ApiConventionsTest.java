package dev.memstore.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.AnthropicBeta;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreListParams;
import com.anthropic.models.beta.memorystores.MemoryStoreRetrieveParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The conventions every {@code /v1} endpoint shares: authentication, beta headers,
 * request ids, retry hints, and the error envelope for Spring's own failures.
 */
@MemstoreIntegrationTest
class ApiConventionsTest {

	@LocalServerPort
	int port;

	RawApi api;

	String apiKey;

	@BeforeEach
	void newWorkspace() {
		this.api = new RawApi(this.port);
		this.apiKey = TestWorkspaces.create(this.port).apiKey();
	}

	@Test
	void bothAuthenticationHeadersWorkThroughTheSdk() {
		BetaManagedAgentsMemoryStore viaBearer = Sdk.client(this.port, this.apiKey)
			.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Bearer").build());

		BetaManagedAgentsMemoryStore viaHeader = Sdk.xApiKeyClient(this.port, this.apiKey)
			.beta()
			.memoryStores()
			.retrieve(viaBearer.id());

		assertThat(viaHeader).isEqualTo(viaBearer);
	}

	@Test
	void missingOrWrongKeysAreAuthenticationErrors() {
		RawApi.Request[] requests = { this.api.request("GET", "/v1/memory_stores"),
				this.api.request("GET", "/v1/memory_stores").header("x-api-key", "sk-memstore-wrong"),
				this.api.request("GET", "/v1/memory_stores").header("authorization", "Bearer sk-memstore-wrong"),
				this.api.request("GET", "/v1/memory_stores").header("authorization", "Bearer "),
				this.api.request("GET", "/v1/memory_stores").header("authorization", "Basic " + this.apiKey),
				this.api.request("GET", "/v1/no-such-route") };
		for (RawApi.Request request : requests) {
			RawApi.Response response = request.header("anthropic-beta", TestKeys.MEMORY_BETA).send();
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.errorType()).isEqualTo("authentication_error");
			assertEnvelope(response);
		}
	}

	@Test
	void theKeyIsAcceptedInEitherHeader() {
		RawApi.Response viaHeader = this.api.request("GET", "/v1/memory_stores")
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", TestKeys.MEMORY_BETA)
			.send();
		RawApi.Response viaBearer = this.api.request("GET", "/v1/memory_stores")
			.header("authorization", "Bearer " + this.apiKey)
			.header("anthropic-beta", TestKeys.MEMORY_BETA)
			.send();

		assertThat(viaHeader.status()).isEqualTo(200);
		assertThat(viaBearer.status()).isEqualTo(200);
	}

	@Test
	void everyResponseCarriesARequestIdAndErrorsRepeatItInTheBody() {
		RawApi.Response success = this.api.memoryApi("GET", "/v1/memory_stores", this.apiKey).send();
		RawApi.Response notFound = this.api.memoryApi("GET", "/v1/memory_stores/memstore_nope", this.apiKey).send();
		RawApi.Response noRoute = this.api.memoryApi("GET", "/v1/nothing/here", this.apiKey).send();
		RawApi.Response health = this.api.request("GET", "/actuator/health").send();

		assertThat(success.header("request-id")).startsWith("req_");
		assertThat(health.header("request-id")).startsWith("req_");
		assertEnvelope(notFound);
		assertEnvelope(noRoute);
		assertThat(success.header("request-id")).isNotEqualTo(notFound.header("request-id"));
		assertThat(success.header("content-type")).isEqualTo("application/json");
	}

	@Test
	void unknownRoutesAreNotFoundErrors() {
		for (String path : new String[] { "/v1/nothing", "/v1/memory_stores/x/y/z", "/v1" }) {
			RawApi.Response response = this.api.memoryApi("GET", path, this.apiKey).send();
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.errorType()).as(path).isEqualTo("not_found_error");
			assertEnvelope(response);
		}
	}

	@Test
	void routesOutsideWhatMemstoreServesAreNotFoundInTheEnvelope() {
		for (String path : new String[] { "/v1/vaults", "/v1/sessions/sesn_x/threads", "/v1/files" }) {
			RawApi.Response response = this.api.request("GET", path)
				.header("x-api-key", this.apiKey)
				.header("anthropic-beta", TestKeys.MANAGED_AGENTS_BETA)
				.send();
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.errorType()).as(path).isEqualTo("not_found_error");
			assertEnvelope(response);
		}
	}

	@Test
	void theBenchmarksFrameworkFloorIsNotServedUnlessEnabled() {
		RawApi.Response response = this.api.request("GET", "/bench/floor?bytes=100").send();
		assertThat(response.status()).isEqualTo(404);
	}

	@Test
	void requestsRefusedBeforeReachingTheApplicationStillGetTheEnvelope() {
		String hugeHeader = "x-api-key: " + "k".repeat(20_000);
		for (String target : new String[] { "/v1/memory_stores/a%2Fb", "/v1/memory_stores/%00", "/v1/%",
				"/v1/memory_stores/%zz", "/v1/memory_stores/%C3%28", "/v1/memory_stores?limit=%" }) {
			RawApi.Response response = this.api.verbatim("GET " + target, "x-api-key: " + this.apiKey,
					"anthropic-beta: " + TestKeys.MEMORY_BETA);
			assertThat(response.status()).as(target).isEqualTo(400);
			assertThat(response.errorType()).as(target).isEqualTo("invalid_request_error");
			assertEnvelope(response);
		}
		RawApi.Response oversizedHeader = this.api.verbatim("GET /v1/memory_stores", hugeHeader);
		assertThat(oversizedHeader.status()).isEqualTo(400);
		assertEnvelope(oversizedHeader);
	}

	@Test
	void whatTomcatDoesNotImplementIsAnInvalidRequestNotAServerError() {
		// Tomcat answers these with 501 and 505 itself; they used to leave as 500
		// api_error,
		// which the SDKs retry.
		RawApi.Response connect = this.api.verbatim("CONNECT /v1/memory_stores", "x-api-key: " + this.apiKey);
		RawApi.Response http2 = this.api.verbatimOver("HTTP/2.0", "GET /v1/memory_stores", "x-api-key: " + this.apiKey,
				"anthropic-beta: " + TestKeys.MEMORY_BETA);
		RawApi.Response unknownCoding = this.api.verbatimOver("HTTP/1.1", "POST /v1/memory_stores",
				"x-api-key: " + this.apiKey, "anthropic-beta: " + TestKeys.MEMORY_BETA, "Transfer-Encoding: gzip",
				"Connection: close");

		for (RawApi.Response response : Arrays.asList(connect, http2, unknownCoding)) {
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errorType()).isEqualTo("invalid_request_error");
			assertEnvelope(response);
		}
		assertThat(http2.errorMessage()).contains("HTTP/1.1");
		assertThat(unknownCoding.errorMessage()).contains("Transfer-Encoding");
	}

	@Test
	void aWrongMethodOnAKnownPathIs405WithTheAllowedMethods() {
		RawApi.Response response = this.api.memoryApi("PUT", "/v1/memory_stores", this.apiKey).json("{}").send();

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.errorType()).isEqualTo("invalid_request_error");
		assertThat(response.header("allow")).contains("GET").contains("POST");
		assertEnvelope(response);
	}

	@Test
	void memoryEndpointsRequireExactlyOneMemoryBetaValue() {
		RawApi.Response missing = this.api.request("GET", "/v1/memory_stores").header("x-api-key", this.apiKey).send();
		RawApi.Response both = this.api.request("GET", "/v1/memory_stores")
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", "agent-memory-2026-07-22,managed-agents-2026-04-01")
			.send();
		RawApi.Response bothOnTwoLines = this.api.request("GET", "/v1/memory_stores")
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", "agent-memory-2026-07-22")
			.header("anthropic-beta", "managed-agents-2026-04-01")
			.send();
		RawApi.Response unrelatedOnly = this.api.request("GET", "/v1/memory_stores")
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", "files-api-2025-04-14")
			.send();

		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errorMessage()).contains("anthropic-beta")
			.contains("agent-memory-2026-07-22")
			.contains("managed-agents-2026-04-01");
		assertEnvelope(missing);
		assertThat(both.status()).isEqualTo(400);
		assertThat(both.errorMessage()).contains("both");
		assertThat(bothOnTwoLines.status()).isEqualTo(400);
		assertThat(unrelatedOnly.status()).isEqualTo(400);
	}

	@Test
	void eitherMemoryBetaValueAloneIsAcceptedAndUnknownValuesAreIgnored() {
		for (String beta : new String[] { "agent-memory-2026-07-22", "managed-agents-2026-04-01",
				" files-api-2025-04-14 , agent-memory-2026-07-22 ,", "managed-agents-2026-04-01,oauth-2025-04-20" }) {
			RawApi.Response response = this.api.request("GET", "/v1/memory_stores")
				.header("x-api-key", this.apiKey)
				.header("anthropic-beta", beta)
				.send();
			assertThat(response.status()).as(beta).isEqualTo(200);
		}
	}

	@Test
	void theSdkGetsA400WhenACallerAddsTheOtherMemoryBeta() {
		AnthropicClient client = Sdk.client(this.port, this.apiKey);
		String id = client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name("Beta").build()).id();

		BetaManagedAgentsMemoryStore withManagedAgentsOnly = client.beta()
			.memoryStores()
			.retrieve(id,
					MemoryStoreRetrieveParams.builder()
						.putAdditionalHeader("anthropic-beta", TestKeys.MANAGED_AGENTS_BETA)
						.build());
		assertThat(withManagedAgentsOnly.id()).isEqualTo(id);

		// The SDK appends its own agent-memory value to the caller's betas: the real API
		// refuses that pair.
		BadRequestException both = assertThrows(BadRequestException.class,
				() -> client.beta()
					.memoryStores()
					.list(MemoryStoreListParams.builder().addBeta(AnthropicBeta.MANAGED_AGENTS_2026_04_01).build()));
		assertThat(both.headers().values("x-should-retry")).containsExactly("false");
	}

	@Test
	void anyAnthropicVersionTheBetaQueryFlagAndTheWorkspaceHeaderAreIgnored() {
		for (String version : new String[] { "2023-06-01", "2026-10-21", "1999-01-01" }) {
			RawApi.Response response = this.api.memoryApi("GET", "/v1/memory_stores?beta=true", this.apiKey)
				.header("anthropic-version", version)
				.header("anthropic-workspace-id", "wrkspc_someone_else")
				.send();
			assertThat(response.status()).as(version).isEqualTo(200);
		}
		RawApi.Response created = this.api.memoryApi("POST", "/v1/memory_stores?beta=true", this.apiKey)
			.json("{\"name\":\"Python style\"}")
			.send();
		assertThat(created.status()).isEqualTo(200);
	}

	@Test
	void theAcceptHeaderNeverDecidesTheAnswer() {
		for (String accept : new String[] { "text/html", "application/xml", "text/event-stream", "*/*" }) {
			RawApi.Response response = this.api.memoryApi("GET", "/v1/memory_stores", this.apiKey)
				.header("accept", accept)
				.send();
			assertThat(response.status()).as(accept).isEqualTo(200);
			assertThat(response.header("content-type")).as(accept).isEqualTo("application/json");
		}
		RawApi.Response error = this.api.memoryApi("GET", "/v1/memory_stores/memstore_x", this.apiKey)
			.header("accept", "text/html")
			.send();
		assertThat(error.status()).isEqualTo(404);
		assertThat(error.header("content-type")).isEqualTo("application/json");
	}

	@Test
	void bodyLessPostsNeedNoContentTypeAndDeletesTolerateABody() {
		String id = create("Bodyless");

		RawApi.Response archived = this.api.memoryApi("POST", "/v1/memory_stores/" + id + "/archive", this.apiKey)
			.send();
		RawApi.Response archivedWithEmptyObject = this.api
			.memoryApi("POST", "/v1/memory_stores/" + id + "/archive", this.apiKey)
			.json("{}")
			.send();
		RawApi.Response deleted = this.api.memoryApi("DELETE", "/v1/memory_stores/" + id, this.apiKey)
			.json("{\"ignored\":true}")
			.send();

		assertThat(archived.status()).isEqualTo(200);
		assertThat(archivedWithEmptyObject.status()).isEqualTo(200);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().path("type").asString()).isEqualTo("memory_store_deleted");
	}

	@Test
	void aJsonBodyWithoutAContentTypeIsReadAsJson() {
		RawApi.Response response = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.body("{\"name\":\"No content type\"}")
			.send();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("name").asString()).isEqualTo("No content type");
	}

	@Test
	void aWildcardContentTypeIsReadAsNoContentTypeAtAll() {
		// Spring refuses to hold a wildcard as a body's type: these used to be 500s.
		for (String type : new String[] { "*/*", "application/*", "application/*+json" }) {
			RawApi.Response created = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
				.header("content-type", type)
				.body("{\"name\":\"Wildcard\"}")
				.send();
			assertThat(created.status()).as(type).isEqualTo(200);
			String id = created.json().path("id").asString();

			RawApi.Response updatedWithoutBody = this.api.memoryApi("POST", "/v1/memory_stores/" + id, this.apiKey)
				.header("content-type", type)
				.send();
			RawApi.Response unreadable = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
				.header("content-type", type)
				.body("<name>x</name>")
				.send();

			assertThat(updatedWithoutBody.status()).as(type).isEqualTo(200);
			assertThat(unreadable.status()).as(type).isEqualTo(400);
			assertEnvelope(unreadable);
		}
	}

	@Test
	void anotherContentTypeIs415() {
		RawApi.Response response = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.header("content-type", "text/plain")
			.body("{\"name\":\"x\"}")
			.send();

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.errorType()).isEqualTo("invalid_request_error");
		assertEnvelope(response);
	}

	@Test
	void aContentTypeWithAnInvalidCharsetNameIs415EvenOnRequestsTomcatRefuses() {
		// Spring decodes URLs in the request's charset and failed on an invalid name: the
		// error page of a TRACE, which Tomcat refuses itself, used to be a 500.
		RawApi.Response trace = this.api.verbatim("TRACE /v1/memory_stores", "x-api-key: " + this.apiKey,
				"Content-Type: application/json; charset=");
		RawApi.Response post = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.header("content-type", "application/json; charset=")
			.body("{\"name\":\"x\"}")
			.send();

		for (RawApi.Response response : Arrays.asList(trace, post)) {
			assertThat(response.status()).isEqualTo(415);
			assertThat(response.errorMessage()).contains("'application/json; charset='");
			assertEnvelope(response);
		}
	}

	@Test
	void unreadableBodiesAreInvalidRequests() {
		for (String body : new String[] { "", "{", "{\"name\":\"a\"} trailing", "{\"name\":\"a\",\"name\":\"b\"}",
				"not json", "{'name':'single quotes'}" }) {
			RawApi.Response response = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.errorType()).as(body).isEqualTo("invalid_request_error");
			assertEnvelope(response);
		}
		RawApi.Response invalidUtf8 = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.header("content-type", "application/json")
			.chunkedBody(new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}' })
			.send();
		assertThat(invalidUtf8.status()).isEqualTo(400);
	}

	@Test
	void aNulInAQueryParameterIsRefusedBeforeItReachesTheDatabase() {
		// PostgreSQL fails a query on a NUL: these filters used to be 500s.
		String id = create("NUL filters");
		RawApi.Response version = this.api
			.memoryApi("GET", "/v1/memory_stores/" + id + "/memory_versions?api_key_id=%00", this.apiKey)
			.send();
		RawApi.Response session = this.api.managedAgentsApi("GET", "/v1/sessions?agent_id=agent_a%00b", this.apiKey)
			.send();
		RawApi.Response name = this.api.memoryApi("GET", "/v1/memory_stores?x%00=1", this.apiKey).send();

		for (RawApi.Response response : Arrays.asList(version, session, name)) {
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errorMessage()).contains("NUL");
			assertEnvelope(response);
		}
		assertThat(version.errorMessage()).contains("api_key_id");
	}

	@Test
	void aFormBodyIsA415WhateverItsFields() {
		// Spring reads a PATCH form into the parameters, a field without '=' as null: the
		// check for NUL in parameters failed on it with a 500.
		String id = create("Form");
		for (String method : new String[] { "PATCH", "POST" }) {
			for (String form : new String[] { "name", "name=x&content", "a=%00" }) {
				RawApi.Response response = this.api.memoryApi(method, "/v1/memory_stores/" + id, this.apiKey)
					.header("content-type", "application/x-www-form-urlencoded")
					.body(form)
					.send();
				assertThat(response.status()).as(method + " " + form).isBetween(400, 415);
				assertEnvelope(response);
			}
		}
	}

	@Test
	void createdAtBoundsOutsideTheYearsRfc3339CanWriteAreInvalidRequests() {
		// Java reads years up to a billion; PostgreSQL failed the query beyond the year
		// 294276, as a 500.
		for (String bound : new String[] { "%2B294277-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z",
				"-4714-11-23T00:00:00Z", "%2B10000-01-01T00:00:00Z" }) {
			RawApi.Response response = this.api
				.memoryApi("GET", "/v1/memory_stores?created_at%5Bgte%5D=" + bound, this.apiKey)
				.send();
			assertThat(response.status()).as(bound).isEqualTo(400);
			assertThat(response.errorMessage()).as(bound).contains("created_at[gte]").contains("0001 to 9999");
			assertEnvelope(response);
		}
		for (String bound : new String[] { "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z" }) {
			RawApi.Response response = this.api
				.memoryApi("GET", "/v1/memory_stores?created_at%5Blte%5D=" + bound, this.apiKey)
				.send();
			assertThat(response.status()).as(bound).isEqualTo(200);
		}
	}

	@Test
	void bodiesOverTheSizeCapAre413WhetherAnnouncedOrChunked() {
		String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";

		RawApi.Response announced = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json(huge).send();
		byte[] chunked = huge.getBytes(StandardCharsets.UTF_8);
		RawApi.Response streamed = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.header("content-type", "application/json")
			.chunkedBody(chunked)
			.send();

		for (RawApi.Response response : Arrays.asList(announced, streamed)) {
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.errorType()).isEqualTo("request_too_large");
			assertEnvelope(response);
		}
	}

	@Test
	void aBodyJustUnderTheCapIsRead() {
		String description = "d".repeat(1024);
		String padded = "{\"name\":\"Near the cap\",\"description\":\"" + description + "\",\"padding\":\""
				+ "p".repeat(1_000_000) + "\"}";

		RawApi.Response response = this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json(padded).send();

		assertThat(response.status()).isEqualTo(200);
	}

	private String create(String name) {
		return this.api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.json("{\"name\":\"" + name + "\"}")
			.send()
			.json()
			.path("id")
			.asString();
	}

	/**
	 * The error envelope as the SDKs read it, with the retry hint on every deterministic
	 * 4xx.
	 */
	static void assertEnvelope(RawApi.Response response) {
		assertThat(response.header("content-type")).isEqualTo("application/json");
		assertThat(response.json().path("type").asString()).isEqualTo("error");
		assertThat(response.json().path("error").path("type").asString()).isNotEmpty();
		assertThat(response.json().path("error").path("message").asString()).isNotEmpty();
		assertThat(response.json().path("request_id").asString()).startsWith("req_")
			.isEqualTo(response.header("request-id"));
		if (response.status() >= 400 && response.status() < 500) {
			assertThat(response.header("x-should-retry")).isEqualTo("false");
		}
	}

}
