package dev.memstore.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /}: a person who opens memstore's address in a browser lands on the admin
 * page (its sign-in, when not signed in) instead of a JSON 404. Only {@code /} itself:
 * {@code /v1/**} and {@code /_memstore/**} keep the API's error envelope.
 */
@Controller
class AdminHomeController {

	@GetMapping("/")
	String home() {
		return "redirect:" + AdminSecurityConfiguration.ROOT;
	}

}
