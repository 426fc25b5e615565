package dev.memstore.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP for what the SDK cannot send: missing or doubled headers, malformed bodies,
 * other verbs.
 */
public final class RawApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int port;

	private final String baseUrl;

	public RawApi(int port) {
		this.port = port;
		this.baseUrl = "http://localhost:" + port;
	}

	public Request request(String method, String path) {
		return new Request(method, path);
	}

	/**
	 * A request to a memory-store endpoint with the key and beta header an SDK would
	 * send.
	 */
	public Request memoryApi(String method, String path, String apiKey) {
		return request(method, path).header("x-api-key", apiKey).header("anthropic-beta", TestKeys.MEMORY_BETA);
	}

	/**
	 * A request to a session, agent or environment endpoint with the key and beta header
	 * an SDK would send.
	 */
	public Request managedAgentsApi(String method, String path, String apiKey) {
		return request(method, path).header("x-api-key", apiKey).header("anthropic-beta", TestKeys.MANAGED_AGENTS_BETA);
	}

	/**
	 * A request to the operator API with the admin key.
	 */
	public Request operator(String method, String path) {
		return request(method, path).header("x-api-key", TestKeys.ADMIN);
	}

	/**
	 * Sends a request line exactly as given, for what {@link java.net.URI} refuses to
	 * build: unencoded brackets as curl users type them, broken percent-encoding as
	 * hostile clients send it. HTTP/1.0, so the body arrives unchunked.
	 * @param requestLine method and target, such as {@code GET /v1/x?a[b]=c}
	 */
	public Response verbatim(String requestLine, String... headers) {
		return verbatimOver("HTTP/1.0", requestLine, headers);
	}

	/**
	 * {@link #verbatim} with another protocol on the request line, such as a version the
	 * server does not speak. Over HTTP/1.1, send {@code Connection: close} to have the
	 * answer end.
	 */
	public Response verbatimOver(String protocol, String requestLine, String... headers) {
		try (Socket socket = new Socket("localhost", this.port)) {
			StringBuilder request = new StringBuilder(requestLine).append(' ')
				.append(protocol)
				.append("\r\nHost: localhost\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("\r\n");
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int headerEnd = response.indexOf("\r\n\r\n");
			String[] head = response.substring(0, headerEnd).split("\r\n");
			Map<String, List<String>> parsed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i < head.length; i++) {
				int colon = head[i].indexOf(':');
				parsed.computeIfAbsent(head[i].substring(0, colon).trim(), (name) -> new ArrayList<>())
					.add(head[i].substring(colon + 1).trim());
			}
			return new Response(Integer.parseInt(head[0].substring(9, 12)), HttpHeaders.of(parsed, (n, v) -> true),
					response.substring(headerEnd + 4));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public final class Request {

		private final String method;

		private final String path;

		private final List<String[]> headers = new ArrayList<>();

		private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

		private Request(String method, String path) {
			this.method = method;
			this.path = path;
		}

		public Request header(String name, String value) {
			this.headers.add(new String[] { name, value });
			return this;
		}

		/**
		 * A JSON body with its content type.
		 */
		public Request json(String json) {
			return header("content-type", "application/json").body(json);
		}

		/**
		 * A body as is, with whatever content type the test set (or none).
		 */
		public Request body(String body) {
			this.body = HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
			return this;
		}

		/**
		 * A body of unannounced length, sent chunked.
		 */
		public Request chunkedBody(byte[] body) {
			this.body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
			return this;
		}

		public Response send() {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(RawApi.this.baseUrl + this.path))
				.method(this.method, this.body);
			for (String[] header : this.headers) {
				builder.header(header[0], header[1]);
			}
			try {
				HttpResponse<String> response = RawApi.this.http.send(builder.build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				return new Response(response.statusCode(), response.headers(), response.body());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	public record Response(int status, HttpHeaders headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public String errorType() {
			return json().path("error").path("type").asString();
		}

		public String errorMessage() {
			return json().path("error").path("message").asString();
		}

	}

}
