package dev.memstore.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.memstore.support.RawApi;

/**
 * The operator API's OpenAPI document, read as a client would read it, and what it
 * promises of a real answer: a status the operation documents, the headers that status
 * requires, and a JSON body valid against its schema (JSON Schema 2020-12 in the OpenAPI
 * 3.1 dialect, formats asserted).
 */
final class OperatorApiDocument {

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	/**
	 * Where the schemas' {@code $ref}s resolve: the document registered under a name of
	 * its own, never fetched.
	 */
	private static final String BASE = "https://memstore.invalid/_memstore/openapi.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonNode document;

	private final SchemaRegistry schemas;

	OperatorApiDocument(String text) {
		this.document = JSON.readTree(text);
		SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
		this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemas(Map.of(BASE, text)).schemaRegistryConfig(config));
	}

	/**
	 * Every documented operation, as {@code GET /_memstore/workspaces/{workspace_id}}.
	 */
	Set<String> operations() {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : this.document.path("paths").properties()) {
			for (String method : METHODS) {
				if (path.getValue().has(method)) {
					operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
				}
			}
		}
		return operations;
	}

	/**
	 * The parameters of an operation, its path's and its own, by name.
	 */
	Map<String, JsonNode> parameters(String operation) {
		Map<String, JsonNode> parameters = new LinkedHashMap<>();
		for (JsonNode parameter : pathItem(operation).path("parameters")) {
			JsonNode resolved = resolve(parameter);
			parameters.put(resolved.path("name").asString(), resolved);
		}
		for (JsonNode parameter : operationNode(operation).path("parameters")) {
			JsonNode resolved = resolve(parameter);
			parameters.put(resolved.path("name").asString(), resolved);
		}
		return parameters;
	}

	/**
	 * The operation's request body, or a missing node.
	 */
	JsonNode requestBody(String operation) {
		return resolve(operationNode(operation).path("requestBody"));
	}

	/**
	 * The statuses the operation documents.
	 */
	Set<Integer> statuses(String operation) {
		Set<Integer> statuses = new TreeSet<>();
		for (String status : operationNode(operation).path("responses").propertyNames()) {
			statuses.add(Integer.parseInt(status));
		}
		return statuses;
	}

	/**
	 * How a request body departs from the operation's documented body; empty when it
	 * conforms.
	 */
	List<String> requestDepartures(String operation, String body) {
		JsonNode requestBody = operationNode(operation).path("requestBody");
		if (requestBody.isMissingNode()) {
			return List.of("the operation documents no body");
		}
		String pointer = pointerOf(requestBody, pointer(operation) + "/requestBody");
		List<String> departures = new ArrayList<>();
		for (var error : schemaAt(pointer + "/content/application~1json/schema").validate(JSON.readTree(body))) {
			departures.add("request body " + error + "; body: " + body);
		}
		return departures;
	}

	/**
	 * How a real answer to the operation departs from the document; empty when it answers
	 * as documented.
	 * @param operation such as {@code GET /_memstore/workspaces/{workspace_id}}
	 */
	List<String> departures(String operation, RawApi.Response answer) {
		List<String> departures = new ArrayList<>();
		String responsePointer = pointer(operation) + "/responses/" + answer.status();
		JsonNode response = this.document.at(responsePointer);
		if (response.isMissingNode()) {
			departures.add("status " + answer.status() + " is not documented; body: " + answer.body());
			return departures;
		}
		if (response.has("$ref")) {
			responsePointer = response.path("$ref").asString().substring(1);
			response = this.document.at(responsePointer);
		}
		for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
			JsonNode declared = resolve(header.getValue());
			String value = answer.header(header.getKey());
			if (value == null) {
				if (declared.path("required").asBoolean()) {
					departures.add("header " + header.getKey() + " is missing");
				}
				continue;
			}
			String headerPointer = pointerOf(header.getValue(),
					responsePointer + "/headers/" + escape(header.getKey()));
			for (var error : schemaAt(headerPointer + "/schema").validate(JsonNodeFactory.instance.stringNode(value))) {
				departures.add("header " + header.getKey() + ": " + error);
			}
		}
		JsonNode content = response.path("content").path("application/json");
		if (content.isMissingNode()) {
			departures.add("status " + answer.status() + " documents no JSON body");
			return departures;
		}
		String contentType = answer.header("content-type");
		if (contentType == null || !contentType.startsWith("application/json")) {
			departures.add("content-type is " + contentType + ", not application/json");
		}
		for (var error : schemaAt(responsePointer + "/content/application~1json/schema").validate(answer.json())) {
			departures.add("body " + error + "; body: " + answer.body());
		}
		return departures;
	}

	private Schema schemaAt(String pointer) {
		return this.schemas.getSchema(SchemaLocation.of(BASE + "#" + pointer));
	}

	private static String pointerOf(JsonNode maybeReference, String inline) {
		return maybeReference.has("$ref") ? maybeReference.path("$ref").asString().substring(1) : inline;
	}

	private JsonNode operationNode(String operation) {
		JsonNode node = this.document.at(pointer(operation));
		if (node.isMissingNode()) {
			throw new IllegalArgumentException("the document has no operation " + operation);
		}
		return node;
	}

	private JsonNode pathItem(String operation) {
		return this.document.path("paths").path(operation.substring(operation.indexOf(' ') + 1));
	}

	private static String pointer(String operation) {
		int space = operation.indexOf(' ');
		return "/paths/" + escape(operation.substring(space + 1)) + "/"
				+ operation.substring(0, space).toLowerCase(Locale.ROOT);
	}

	private JsonNode resolve(JsonNode node) {
		JsonNode resolved = node;
		while (resolved.has("$ref")) {
			resolved = this.document.at(resolved.path("$ref").asString().substring(1));
		}
		return resolved;
	}

	private static String escape(String pointerToken) {
		return pointerToken.replace("~", "~0").replace("/", "~1");
	}

}
