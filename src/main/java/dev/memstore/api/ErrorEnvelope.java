package dev.memstore.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.memstore.kernel.ApiException;

/**
 * The Anthropic error body:
 * {@code {"type":"error","error":{"type":...,"message":...},"request_id":...}}.
 */
record ErrorEnvelope(String type, Map<String, Object> error, String requestId) {

	static ErrorEnvelope of(ApiException exception, String requestId) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", exception.type().wireName());
		error.put("message", exception.getMessage());
		error.putAll(exception.fields());
		return new ErrorEnvelope("error", error, requestId);
	}

}
