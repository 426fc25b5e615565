package dev.memstore.api;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import dev.memstore.kernel.ApiException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Explains an unreadable request body in the terms of JSON, not of the Java types behind
 * it.
 */
final class JsonBodyErrors {

	private JsonBodyErrors() {
	}

	static ApiException describe(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				return tooLarge.toApiException();
			}
		}
		if (ex.getCause() == null) {
			return ApiException.invalidRequest("a JSON request body is required");
		}
		if (ex.getCause() instanceof StreamReadException syntax) {
			return ApiException.invalidRequest("the request body is not valid JSON: " + withoutLocation(syntax));
		}
		if (ex.getCause() instanceof MismatchedInputException mismatch) {
			String field = fieldPath(mismatch);
			String expected = expectedJsonType(mismatch.getTargetType());
			return ApiException.invalidRequest(field.isEmpty() ? "the request body must be " + expected
					: "request body field '" + field + "' must be " + expected);
		}
		return ApiException.invalidRequest("the request body could not be read");
	}

	private static String fieldPath(JacksonException exception) {
		return exception.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String expectedJsonType(Class<?> target) {
		if (target == null) {
			return "of another JSON type";
		}
		if (CharSequence.class.isAssignableFrom(target)) {
			return "a string";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "a boolean";
		}
		if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
			return "an integer";
		}
		if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
			return "a number";
		}
		if (Collection.class.isAssignableFrom(target) || target.isArray()) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(target)) {
			return "an object of string values";
		}
		return "a JSON object";
	}

	/**
	 * The parser's message without the source location it appends, which names nothing
	 * the client can use.
	 */
	private static String withoutLocation(StreamReadException syntax) {
		String message = syntax.getOriginalMessage();
		int location = message.indexOf(" (start marker at");
		if (location < 0) {
			location = message.indexOf(" at [Source");
		}
		message = (location < 0) ? message : message.substring(0, location);
		int lineBreak = message.indexOf('\n');
		return (lineBreak < 0) ? message : message.substring(0, lineBreak);
	}

}
