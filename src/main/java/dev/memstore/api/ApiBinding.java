package dev.memstore.api;

import java.beans.PropertyEditorSupport;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Query-parameter binding shared by every controller.
 */
@ControllerAdvice
class ApiBinding {

	/**
	 * Booleans are {@code true} or {@code false}, as the SDKs write them. A converter
	 * would not do: when one fails, Spring falls back to an editor that also takes
	 * {@code yes}, {@code on} and {@code 1}.
	 */
	@InitBinder
	void strictBooleans(WebDataBinder binder) {
		binder.registerCustomEditor(Boolean.class, new StrictBooleanEditor());
		binder.registerCustomEditor(boolean.class, new StrictBooleanEditor());
	}

	private static final class StrictBooleanEditor extends PropertyEditorSupport {

		@Override
		public void setAsText(String text) {
			setValue(switch (text.trim()) {
				case "true" -> Boolean.TRUE;
				case "false" -> Boolean.FALSE;
				default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
			});
		}

	}

}
