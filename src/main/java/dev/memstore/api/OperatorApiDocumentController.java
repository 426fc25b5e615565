package dev.memstore.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI document of the operator API, written by hand next to the code and
 * checked against the real endpoints by {@code OperatorApiDocumentTest}: nothing is
 * scanned or generated, at start-up or later. It sits under {@code /_memstore} like the
 * API it describes, so it answers only to the admin key.
 */
@RestController
class OperatorApiDocumentController {

	static final String PATH = ApiPaths.OPERATOR + "/openapi.json";

	static final String LOCATION = "openapi/operator-api.json";

	private final Resource document = new ClassPathResource(LOCATION);

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	Resource document() {
		return this.document;
	}

}
