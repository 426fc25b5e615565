package dev.memstore.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.kernel.PageParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.TestKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator API's OpenAPI document against the running instance: every route under
 * {@code /_memstore} is documented with its parameters and body, nothing else is, and
 * real answers, successes and refusals alike, come with a documented status and headers
 * and a body that validates against the documented schema.
 */
@MemstoreIntegrationTest
class OperatorApiDocumentTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

	/**
	 * A body each operation that takes one accepts, so that a refusal is about what the
	 * test changes and nothing else.
	 */
	private static final Map<String, String> ACCEPTABLE_BODIES = Map.of("POST /_memstore/workspaces",
			"{\"name\":\"x\"}", "POST /_memstore/workspaces/{workspace_id}/api_keys", "{\"name\":\"x\"}",
			"POST /_memstore/workspaces/{workspace_id}/memory_stores/{memory_store_id}/forget",
			"{\"path_prefix\":\"/a/\"}", "POST /_memstore/workspaces/{workspace_id}/dream_schedules",
			"{\"memory_store_id\":\"memstore_unknown\",\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\"}",
			"POST /_memstore/workspaces/{workspace_id}/dream_schedules/{schedule_id}", "{\"name\":\"x\"}",
			"POST /_memstore/workspaces/{workspace_id}/webhooks",
			"{\"url\":\"http://127.0.0.1:9/in\",\"enabled_events\":[\"agent.created\"]}",
			"POST /_memstore/workspaces/{workspace_id}/webhooks/{webhook_endpoint_id}", "{\"name\":\"x\"}",
			"POST /_memstore/workspaces/{workspace_id}/environments/{environment_id}/keys", "{\"name\":\"x\"}");

	/**
	 * The query each operation that requires one accepts.
	 */
	private static final Map<String, String> REQUIRED_QUERIES = Map
		.of("GET /_memstore/workspaces/{workspace_id}/memory_stores/{memory_store_id}/forget", "path_prefix=/a/");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	RawApi api;

	OperatorApiDocument document;

	/**
	 * The statuses each operation answered in this test, by operation.
	 */
	Map<String, Set<Integer>> answered;

	@BeforeEach
	void theServedDocument() {
		this.api = new RawApi(this.port);
		RawApi.Response served = this.api.operator("GET", OperatorApiDocumentController.PATH).send();
		assertThat(served.status()).as(served.body()).isEqualTo(200);
		this.document = new OperatorApiDocument(served.body());
		this.answered = new TreeMap<>();
	}

	@Test
	void theDocumentIsTheShippedOneServedAsJsonToTheAdminKeyAndIsValidOpenApi() throws IOException {
		RawApi.Response served = call("GET /_memstore/openapi.json", List.of(), null, null);
		RawApi.Response withoutKey = this.api.request("GET", OperatorApiDocumentController.PATH).send();
		checked("GET /_memstore/openapi.json", withoutKey);

		assertThat(served.header("content-type")).startsWith("application/json");
		assertThat(served.json()).isEqualTo(shipped());
		assertThat(withoutKey.status()).isEqualTo(401);
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		options.setValidateInternalRefs(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, options);
		assertThat(parsed.getMessages()).isEmpty();
		assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1.");
	}

	@Test
	void everyOperatorRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
		assertThat(this.document.operations()).containsExactlyInAnyOrderElementsOf(routes().keySet());
	}

	@Test
	void everyRouteTakesTheParametersAndBodyItsOperationDocuments() {
		routes().forEach((operation, handler) -> {
			Map<String, Boolean> pathParameters = new TreeMap<>();
			Map<String, Boolean> queryParameters = new TreeMap<>();
			Boolean bodyRequired = null;
			for (MethodParameter parameter : handler.getMethodParameters()) {
				PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
				RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
				RequestBody requestBody = parameter.getParameterAnnotation(RequestBody.class);
				if (pathVariable != null) {
					pathParameters.put(pathVariable.name(), true);
				}
				else if (requestParam != null) {
					queryParameters.put(requestParam.name(),
							requestParam.required() && requestParam.defaultValue().equals(ValueConstants.DEFAULT_NONE));
				}
				else if (requestBody != null) {
					bodyRequired = requestBody.required();
				}
				else if (parameter.getParameterType() == PageParams.class) {
					queryParameters.put("limit", false);
					queryParameters.put("page", false);
				}
				else {
					throw new AssertionError(operation + " takes " + parameter
							+ ", which this test cannot compare with the document: teach it");
				}
			}
			Map<String, Boolean> documentedPath = new TreeMap<>();
			Map<String, Boolean> documentedQuery = new TreeMap<>();
			this.document.parameters(operation).forEach((name, parameter) -> {
				boolean required = parameter.path("required").asBoolean();
				switch (parameter.path("in").asString()) {
					case "path" -> documentedPath.put(name, required);
					case "query" -> documentedQuery.put(name, required);
					default -> throw new AssertionError(operation + " documents " + parameter);
				}
			});
			JsonNode documentedBody = this.document.requestBody(operation);

			assertThat(documentedPath).as(operation + ": path parameters").isEqualTo(pathParameters);
			assertThat(documentedQuery).as(operation + ": query parameters and whether each is required")
				.isEqualTo(queryParameters);
			assertThat(documentedBody.isMissingNode() ? null : documentedBody.path("required").asBoolean())
				.as(operation + ": whether it takes a body and whether the body is required")
				.isEqualTo(bodyRequired);
		});
	}

	@Test
	void everyOperationAnswersAsDocumented() {
		call("GET /_memstore/openapi.json", List.of(), null, null);
		String workspaceId = ok("POST /_memstore/workspaces", List.of(), null, "{\"name\":\"Contract\"}").path("id")
			.asString();
		List<String> workspace = List.of(workspaceId);
		ok("GET /_memstore/workspaces", List.of(), null, null);
		ok("GET /_memstore/workspaces/{workspace_id}", workspace, null, null);
		String secret = ok("POST /_memstore/workspaces/{workspace_id}/api_keys", workspace, null,
				"{\"name\":\"contract\"}")
			.path("secret")
			.asString();
		String unnamedKey = ok("POST /_memstore/workspaces/{workspace_id}/api_keys", workspace, null, null).path("id")
			.asString();
		JsonNode revoked = ok("POST /_memstore/workspaces/{workspace_id}/api_keys/{api_key_id}/revoke",
				List.of(workspaceId, unnamedKey), null, null);
		assertThat(revoked.path("revoked_at").isString()).isTrue();
		ok("GET /_memstore/workspaces/{workspace_id}/api_keys", workspace, null, null);

		RawApi.Response selfHosted = this.api.managedAgentsApi("POST", "/v1/environments", secret)
			.json("{\"name\":\"Workers\",\"config\":{\"type\":\"self_hosted\"}}")
			.send();
		assertThat(selfHosted.status()).as(selfHosted.body()).isEqualTo(200);
		List<String> environment = List.of(workspaceId, selfHosted.json().path("id").asString());
		String environmentKeys = "/_memstore/workspaces/{workspace_id}/environments/{environment_id}/keys";
		ok("POST " + environmentKeys, environment, null, "{\"name\":\"contract\"}");
		String unnamedEnvironmentKey = ok("POST " + environmentKeys, environment, null, null).path("id").asString();
		ok("POST " + environmentKeys + "/{key_id}/revoke",
				List.of(environment.get(0), environment.get(1), unnamedEnvironmentKey), null, null);
		JsonNode firstKeys = ok("GET " + environmentKeys, environment, "limit=1", null);
		ok("GET " + environmentKeys, environment, "limit=1&page=" + firstKeys.path("next_page").asString(), null);

		String webhooks = "/_memstore/workspaces/{workspace_id}/webhooks";
		String webhook = webhooks + "/{webhook_endpoint_id}";
		// Nothing listens on port 9: every delivery to it fails, and is listed as such.
		String unreachable = ok("POST " + webhooks, workspace, null,
				"{\"url\":\"http://127.0.0.1:9/in\",\"enabled_events\":[\"memory_store.created\"],"
						+ "\"name\":\"Contract\",\"description\":\"Nothing listens\"}")
			.path("id")
			.asString();
		List<String> endpoint = List.of(workspaceId, unreachable);
		String storeId = v1(secret, "/v1/memory_stores", "{\"name\":\"Contract\"}").path("id").asString();
		ok("POST " + webhooks, workspace, null,
				"{\"url\":\"https://hooks.example.com/in\",\"enabled_events\":[\"session.status_idled\"]}");
		JsonNode firstEndpoints = ok("GET " + webhooks, workspace, "limit=1", null);
		ok("GET " + webhooks, workspace, "limit=1&page=" + firstEndpoints.path("next_page").asString(), null);
		ok("GET " + webhook, endpoint, null, null);
		ok("POST " + webhook + "/regenerate_signing_secret", endpoint, null, null);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> ok("GET " + webhook + "/deliveries", endpoint, "limit=1", null).path("data").size() == 1);
		JsonNode failed = ok("GET " + webhook + "/deliveries", endpoint, "limit=1", null).path("data").get(0);
		assertThat(failed.path("status_code").isNull()).isTrue();
		assertThat(failed.path("error").asString()).contains("127.0.0.1:9");
		JsonNode disabledEndpoint = ok("POST " + webhook, endpoint, null,
				"{\"state\":\"disabled\",\"enabled_events\":[\"memory_store.created\",\"memory_store.deleted\"]}");
		assertThat(disabledEndpoint.path("state").asString()).isEqualTo("disabled");
		ok("DELETE " + webhook, endpoint, null, null);
		for (String path : List.of("/users/maya/a.md", "/users/maya/b.md", "/notes.md")) {
			v1(secret, "/v1/memory_stores/" + storeId + "/memories",
					"{\"path\":\"" + path + "\",\"content\":\"about " + path + "\"}");
		}
		String forget = "/_memstore/workspaces/{workspace_id}/memory_stores/{memory_store_id}/forget";
		JsonNode preview = ok("GET " + forget, List.of(workspaceId, storeId), "path_prefix=/users/maya/", null);
		JsonNode receipt = ok("POST " + forget, List.of(workspaceId, storeId), null,
				"{\"path_prefix\":\"/users/maya/\"}");
		ok("GET /_memstore/workspaces/{workspace_id}/forget_receipts/{receipt_id}",
				List.of(workspaceId, receipt.path("id").asString()), null, null);
		assertThat(preview.path("memories")).hasSize(2);
		assertThat(receipt.path("version_ids")).hasSize(4);

		String schedules = "/_memstore/workspaces/{workspace_id}/dream_schedules";
		String schedule = schedules + "/{schedule_id}";
		String nightly = ok("POST " + schedules, workspace, null,
				"{\"memory_store_id\":\"" + storeId
						+ "\",\"cron\":\"0 3 * * *\",\"time_zone\":\"Europe/Paris\",\"model\":\"memstore-offline\","
						+ "\"instructions\":\"Merge duplicates.\",\"name\":\"Nightly\"}")
			.path("id")
			.asString();
		String everySecond = ok("POST " + schedules, workspace, null,
				"{\"memory_store_id\":\"" + storeId
						+ "\",\"cron\":\"* * * * * *\",\"model\":{\"id\":\"memstore-offline\",\"speed\":\"standard\"},"
						+ "\"output_behavior\":{\"type\":\"update_existing\",\"memory_store_id\":\"" + storeId + "\"}}")
			.path("id")
			.asString();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> ok("GET " + schedule, List.of(workspaceId, everySecond), null, null).path("last_result")
				.isString());
		JsonNode disabled = ok("POST " + schedule, List.of(workspaceId, everySecond), null,
				"{\"enabled\":false,\"name\":null,\"instructions\":null}");
		assertThat(disabled.path("next_run_at").isNull()).isTrue();
		JsonNode firstPage = ok("GET " + schedules, workspace, "memory_store_id=" + storeId + "&limit=1", null);
		ok("GET " + schedules, workspace,
				"page=" + firstPage.path("next_page").asString() + "&memory_store_id=" + storeId + "&limit=1", null);
		ok("GET " + schedule, List.of(workspaceId, nightly), null, null);
		ok("DELETE " + schedule, List.of(workspaceId, everySecond), null, null);
		ok("DELETE " + schedule, List.of(workspaceId, nightly), null, null);
		ok("GET /_memstore/turn_workers", List.of(), null, null);

		assertThat(this.answered.keySet()).containsExactlyInAnyOrderElementsOf(this.document.operations());
		assertThat(this.answered).allSatisfy((operation, statuses) -> assertThat(statuses).containsOnly(200));
	}

	@Test
	void refusalsAnswerInTheEnvelopeWithEveryStatusTheirOperationDocuments() {
		for (String operation : this.document.operations()) {
			List<String> unknownIds = new ArrayList<>();
			PATH_PARAMETER.matcher(operation).results().forEach((parameter) -> unknownIds.add("unknown"));
			String query = REQUIRED_QUERIES.get(operation);
			String body = ACCEPTABLE_BODIES.get(operation);

			checked(operation, request(operation, unknownIds, query).body((body != null) ? body : "").send());
			call(operation, unknownIds, join(query, "text=%00"), body);
			if (!unknownIds.isEmpty()) {
				call(operation, unknownIds, query, body);
			}
			if (!this.document.requestBody(operation).isMissingNode()) {
				assertThat(body).as(operation + " takes a body: give it one in ACCEPTABLE_BODIES").isNotNull();
				call(operation, unknownIds, query, "{");
				checked(operation,
						operator(operation, unknownIds, query).header("content-type", "text/plain").body(body).send());
				checked(operation,
						operator(operation, unknownIds, query).json("\"" + "x".repeat(1024 * 1024) + "\"").send());
			}
		}
		RawApi.Response bootstrap = call("POST /_memstore/workspaces/{workspace_id}/api_keys/{api_key_id}/revoke",
				bootstrapKeyOfTheDefaultWorkspace(), null, null);

		assertThat(bootstrap.status()).isEqualTo(400);
		this.document.operations().forEach((operation) -> {
			Set<Integer> refusals = new TreeSet<>(this.document.statuses(operation));
			// 403, 500 and 503 take the operator API off, a bug or the database down.
			refusals.removeAll(Set.of(200, 403, 500, 503));
			Set<Integer> answeredRefusals = new TreeSet<>(this.answered.get(operation));
			answeredRefusals.remove(200);
			assertThat(answeredRefusals).as(operation).isEqualTo(refusals);
		});
	}

	private List<String> bootstrapKeyOfTheDefaultWorkspace() {
		JsonNode workspaces = ok("GET /_memstore/workspaces", List.of(), null, null);
		String defaultId = workspaces.path("data")
			.valueStream()
			.filter((workspace) -> workspace.path("is_default").asBoolean())
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
		JsonNode keys = ok("GET /_memstore/workspaces/{workspace_id}/api_keys", List.of(defaultId), null, null);
		String bootstrapKeyId = keys.path("data")
			.valueStream()
			.filter((key) -> key.path("name").asString().equals("bootstrap key"))
			.filter((key) -> key.path("status").asString().equals("active"))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
		return List.of(defaultId, bootstrapKeyId);
	}

	/**
	 * Every route under {@code /_memstore}, as {@code METHOD /path}.
	 */
	private Map<String, HandlerMethod> routes() {
		Map<String, HandlerMethod> routes = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			for (String pattern : mapping.getKey().getPatternValues()) {
				if (pattern.equals(ApiPaths.OPERATOR) || pattern.startsWith(ApiPaths.OPERATOR + "/")) {
					Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
					assertThat(methods).as(pattern + " names its methods").isNotEmpty();
					for (RequestMethod method : methods) {
						routes.put(method.name() + " " + pattern, mapping.getValue());
					}
				}
			}
		}
		assertThat(routes).isNotEmpty();
		return routes;
	}

	/**
	 * Calls an operation that should succeed, with a body the document allows.
	 */
	private JsonNode ok(String operation, List<String> pathValues, String query, String body) {
		if (body != null) {
			assertThat(this.document.requestDepartures(operation, body)).as(operation + " taking " + body).isEmpty();
		}
		RawApi.Response answer = call(operation, pathValues, query, body);
		assertThat(answer.status()).as(operation + ": " + answer.body()).isEqualTo(200);
		return answer.json();
	}

	/**
	 * Calls an operation with the admin key, and checks the answer against the document.
	 */
	private RawApi.Response call(String operation, List<String> pathValues, String query, String body) {
		RawApi.Request request = operator(operation, pathValues, query);
		return checked(operation, (body != null) ? request.json(body).send() : request.send());
	}

	private RawApi.Response checked(String operation, RawApi.Response answer) {
		assertThat(this.document.departures(operation, answer)).as(operation + " answering " + answer.status())
			.isEmpty();
		this.answered.computeIfAbsent(operation, (key) -> new TreeSet<>()).add(answer.status());
		return answer;
	}

	private RawApi.Request operator(String operation, List<String> pathValues, String query) {
		return request(operation, pathValues, query).header("x-api-key", TestKeys.ADMIN);
	}

	private RawApi.Request request(String operation, List<String> pathValues, String query) {
		int space = operation.indexOf(' ');
		Matcher parameters = PATH_PARAMETER.matcher(operation.substring(space + 1));
		StringBuilder path = new StringBuilder();
		int next = 0;
		while (parameters.find()) {
			parameters.appendReplacement(path,
					Matcher.quoteReplacement(URLEncoder.encode(pathValues.get(next++), StandardCharsets.UTF_8)));
		}
		parameters.appendTail(path);
		assertThat(next).as(operation + ": path values").isEqualTo(pathValues.size());
		return this.api.request(operation.substring(0, space), path + ((query != null) ? "?" + query : ""));
	}

	private JsonNode v1(String apiKey, String path, String body) {
		RawApi.Response answer = this.api.memoryApi("POST", path, apiKey).json(body).send();
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json();
	}

	private static String join(String query, String more) {
		return (query != null) ? query + "&" + more : more;
	}

	private static JsonNode shipped() throws IOException {
		try (InputStream in = new ClassPathResource(OperatorApiDocumentController.LOCATION).getInputStream()) {
			return JSON.readTree(in);
		}
	}

}
