package dev.memstore.api;

import java.io.IOException;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure inside Spring MVC, ours and Spring's own, as the Anthropic error
 * envelope.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ApiErrorWriter writer;

	ApiExceptionHandler(ApiErrorWriter writer) {
		this.writer = writer;
	}

	@ExceptionHandler(ApiException.class)
	void apiException(ApiException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.writer.write(request, response, ex);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	void unreadableBody(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.writer.write(request, response, describeUnreadableBody(ex));
	}

	private static ApiException describeUnreadableBody(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				return tooLarge.toApiException();
			}
		}
		if (ex.getCause() == null) {
			return ApiException.invalidRequest("a JSON request body is required");
		}
		if (ex.getCause() instanceof StreamReadException syntax) {
			return ApiException.invalidRequest("the request body is not valid JSON: " + syntax.getOriginalMessage());
		}
		if (ex.getCause() instanceof JacksonException mapping) {
			String field = mapping.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			return ApiException.invalidRequest(StringUtils.hasLength(field)
					? "request body field '" + field + "' has the wrong JSON type or value: "
							+ firstLine(mapping.getOriginalMessage())
					: "the request body must be a JSON object: " + firstLine(mapping.getOriginalMessage()));
		}
		return ApiException.invalidRequest("the request body could not be read");
	}

	private static String firstLine(String message) {
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	void unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.writer.write(request, response, new ApiException(415, ApiErrorType.INVALID_REQUEST,
				"content-type '" + ex.getContentType() + "' is not supported; send application/json"));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	void methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String allowed = String.join(", ", ex.getSupportedMethods() != null ? ex.getSupportedMethods() : new String[0]);
		response.setHeader(HttpHeaders.ALLOW, allowed);
		this.writer.write(request, response, new ApiException(405, ApiErrorType.INVALID_REQUEST,
				ex.getMethod() + " is not allowed on " + request.getRequestURI() + "; allowed: " + allowed));
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	void noRoute(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.writer.write(request, response,
				ApiException.notFound("no such endpoint: " + request.getMethod() + " " + request.getRequestURI()));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	void missingParameter(MissingServletRequestParameterException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.writer.write(request, response,
				ApiException.invalidRequest("the query parameter '" + ex.getParameterName() + "' is required"));
	}

	@ExceptionHandler(InvalidParameterException.class)
	void undecodableQuery(InvalidParameterException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.writer.write(request, response, ApiException
			.invalidRequest("the query string could not be decoded: check its percent-encoding and its size"));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	void parameterType(MethodArgumentTypeMismatchException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Class<?> type = ex.getRequiredType();
		String expected = (type == Boolean.class || type == boolean.class) ? "true or false"
				: (type == Integer.class || type == int.class) ? "an integer" : "a valid value";
		this.writer.write(request, response,
				ApiException.invalidRequest(ex.getName() + " must be " + expected + ", got '" + ex.getValue() + "'"));
	}

	@ExceptionHandler(Exception.class)
	void unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (ex instanceof ErrorResponse springError && springError.getStatusCode().is4xxClientError()) {
			int status = springError.getStatusCode().value();
			String detail = springError.getBody().getDetail();
			this.writer.write(request, response,
					new ApiException(status, (status == 404) ? ApiErrorType.NOT_FOUND : ApiErrorType.INVALID_REQUEST,
							(detail != null) ? detail : "the request could not be processed"));
			return;
		}
		logger.error("Unexpected failure of {} {} (request {})", request.getMethod(), request.getRequestURI(),
				RequestIds.of(request), ex);
		this.writer.write(request, response, new ApiException(ApiErrorType.API,
				"an unexpected error occurred; the server log has the details under this request_id"));
	}

}
