package dev.memstore.admin;

import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.kernel.ApiException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What the admin page shows when a service refuses: an unknown workspace, store, memory
 * or version, or a malformed path, as a page with the reason and the API's status.
 */
@ControllerAdvice(basePackageClasses = AdminErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminErrors {

	@ExceptionHandler(ApiException.class)
	String refused(ApiException ex, Model model, HttpServletResponse response) {
		response.setStatus(ex.status());
		model.addAttribute("message", ex.getMessage());
		return "admin/refused";
	}

}
