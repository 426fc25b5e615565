package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes of the API that memstore does not serve yet. They answer 404, as unknown routes
 * do, but say why, so that a user of the SDK learns it is a gap of this server and not a
 * mistake of theirs. Each route leaves this list when its module arrives.
 */
@RestController
class NotYetImplementedController {

	@RequestMapping("/v1/sessions/**")
	void notYetImplemented(HttpServletRequest request) {
		throw ApiException.notFound(request.getMethod() + " " + request.getRequestURI()
				+ " is part of the API that this memstore does not implement yet; see 'API coverage' in the README");
	}

}
