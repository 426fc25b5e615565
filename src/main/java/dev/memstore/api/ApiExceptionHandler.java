package dev.memstore.api;

import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
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

	private final DatabaseOutages outages;

	ApiExceptionHandler(ApiErrorWriter writer, DatabaseOutages outages) {
		this.writer = writer;
		this.outages = outages;
	}

	@ExceptionHandler(ApiException.class)
	void apiException(ApiException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.writer.write(request, response, ex);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	void unreadableBody(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.writer.write(request, response, JsonBodyErrors.describe(ex));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	void unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		// Spring names no type when it could not parse the one sent: quote the header
		// then.
		Object sent = (ex.getContentType() != null) ? ex.getContentType() : request.getContentType();
		this.writer.write(request, response, new ApiException(415, ApiErrorType.INVALID_REQUEST,
				"content-type '" + sent + "' is not supported; send application/json"));
	}

	/**
	 * A content type whose charset is not even a valid name ({@code charset=}). Spring
	 * decodes URLs in the request's charset, and fails on such a name wherever it does,
	 * on the error page of a request Tomcat refused too.
	 */
	@ExceptionHandler(IllegalCharsetNameException.class)
	void illegalCharset(IllegalCharsetNameException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.writer.write(request, response, new ApiException(415, ApiErrorType.INVALID_REQUEST,
				"content-type '" + request.getContentType() + "' names no valid charset; send application/json"));
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

	/**
	 * A client that hung up on a stream is no error: there is nobody left to answer.
	 */
	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone(AsyncRequestNotUsableException ex, HttpServletRequest request) {
		logger.debug("Client of {} {} went away", request.getMethod(), request.getRequestURI());
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
		if (this.outages.answer(ex, request, response)) {
			return;
		}
		logger.error("Unexpected failure of {} {} (request {})", request.getMethod(), request.getRequestURI(),
				RequestIds.of(request), ex);
		this.writer.write(request, response, new ApiException(ApiErrorType.API,
				"an unexpected error occurred; the server log has the details under this request_id"));
	}

}
