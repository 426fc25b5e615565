package dev.memstore.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.kernel.ApiException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes the error envelope, for filters, the exception handler and the container's error
 * page alike, so every error carries the same body and headers.
 */
@Component
public class ApiErrorWriter {

	private static final String SHOULD_RETRY = "x-should-retry";

	private final JsonMapper jsonMapper;

	ApiErrorWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ApiException exception)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		String requestId = RequestIds.of(request);
		response.resetBuffer();
		response.setStatus(exception.status());
		response.setHeader(RequestIds.HEADER, requestId);
		exception.headers().forEach(response::setHeader);
		if (isDeterministic(exception.status())) {
			// The SDKs retry 409 and others unless told not to, and a request that cannot
			// succeed would only cost the caller seconds of backoff.
			response.setHeader(SHOULD_RETRY, "false");
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), ErrorEnvelope.of(exception, requestId));
	}

	private static boolean isDeterministic(int status) {
		return status >= 400 && status < 500 && status != 408 && status != 429;
	}

}
