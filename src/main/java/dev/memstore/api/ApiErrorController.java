package dev.memstore.api;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page: failures that happen outside Spring MVC (in a filter, or
 * refused by Tomcat itself) still leave in the error envelope instead of Spring Boot's
 * default body.
 */
@Controller
class ApiErrorController implements ErrorController {

	private final ApiErrorWriter writer;

	ApiErrorController(ApiErrorWriter writer) {
		this.writer = writer;
	}

	@RequestMapping("${server.error.path:/error}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.writer.write(request, response, describe(request));
	}

	private static ApiException describe(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof ApiException api) {
			return api;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return describeStatus((code instanceof Integer value) ? value : 404);
	}

	/**
	 * The envelope for a failure known only by its status, such as one the container
	 * detected itself.
	 */
	static ApiException describeStatus(int status) {
		if (status == 404) {
			return ApiException.notFound("no such endpoint");
		}
		if (status == 413) {
			return new ApiException(ApiErrorType.REQUEST_TOO_LARGE, "the request is too large");
		}
		// Tomcat answers CONNECT and unknown transfer codings with 501, other HTTP
		// versions with 505: the client asked for something this server never does, so
		// retrying it cannot help, and a 5xx would tell the SDKs to do just that.
		if (status == 501) {
			return ApiException.invalidRequest(
					"the request's method or Transfer-Encoding is not supported; memstore is not a proxy and "
							+ "decodes only chunked bodies");
		}
		if (status == 505) {
			return ApiException.invalidRequest("the HTTP version is not supported; send HTTP/1.1");
		}
		if (status >= 400 && status < 500) {
			return new ApiException(status, ApiErrorType.INVALID_REQUEST,
					"the request could not be processed: its URL, headers or encoding are malformed");
		}
		return new ApiException(ApiErrorType.API, "an unexpected error occurred");
	}

}
