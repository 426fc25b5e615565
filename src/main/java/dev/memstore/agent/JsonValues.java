package dev.memstore.agent;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;

/**
 * Reads the untyped JSON that agent and environment bodies are bound to (maps, lists,
 * strings, numbers, booleans, {@code null}), refusing a wrong JSON type with a message
 * that names the field. Bodies are validated in this form, so that every error names its
 * field, and then built into records.
 */
final class JsonValues {

	private JsonValues() {
	}

	/**
	 * The path of a field below {@code parent}; {@code parent} may be empty.
	 */
	static String field(String parent, String name) {
		return parent.isEmpty() ? name : parent + "." + name;
	}

	static String element(String parent, int index) {
		return parent + "[" + index + "]";
	}

	/**
	 * Names a value for an error message: a string as itself, anything else by its JSON
	 * type.
	 */
	static String describe(Object value) {
		if (value instanceof String text) {
			return "'" + text + "'";
		}
		if (value instanceof Map<?, ?>) {
			return "an object";
		}
		if (value instanceof List<?>) {
			return "an array";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		return (value instanceof Number) ? "a number" : "null";
	}

	/**
	 * The body of a request as a JSON object; an absent body reads as {@code {}}.
	 */
	static Map<String, Object> body(Object body) {
		if (body == null) {
			return new LinkedHashMap<>();
		}
		if (!(body instanceof Map<?, ?>)) {
			throw ApiException.invalidRequest("the request body must be a JSON object");
		}
		return object(body, "the request body");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(Object value, String field) {
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw ApiException.invalidRequest(field + " must be an object");
	}

	@SuppressWarnings("unchecked")
	static List<Object> array(Object value, String field) {
		if (value instanceof List<?> list) {
			return (List<Object>) list;
		}
		throw ApiException.invalidRequest(field + " must be an array");
	}

	/**
	 * A string that PostgreSQL can store and that is valid Unicode.
	 */
	static String string(Object value, String field) {
		if (value instanceof String text) {
			TextRules.requireValidText(field, text);
			return text;
		}
		throw ApiException.invalidRequest(field + " must be a string");
	}

	static String requiredString(Map<String, Object> object, String key, String parent) {
		String field = field(parent, key);
		Object value = object.get(key);
		if (value == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		String text = string(value, field);
		if (text.isEmpty()) {
			throw ApiException.invalidRequest(field + " must not be empty");
		}
		return text;
	}

	static boolean bool(Object value, String field) {
		if (value instanceof Boolean flag) {
			return flag;
		}
		throw ApiException.invalidRequest(field + " must be true or false");
	}

	/**
	 * A JSON integer that fits an {@code int}.
	 */
	static int integer(Object value, String field) {
		if (value instanceof Integer number) {
			return number;
		}
		if (value instanceof Long || value instanceof BigInteger) {
			throw ApiException.invalidRequest(field + " is out of range, got " + value);
		}
		throw ApiException.invalidRequest(field + " must be an integer");
	}

	/**
	 * An array of strings.
	 */
	static List<String> strings(Object value, String field) {
		List<Object> items = array(value, field);
		List<String> copy = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			copy.add(string(items.get(i), element(field, i)));
		}
		return copy;
	}

	/**
	 * Refuses text anywhere inside a value that PostgreSQL cannot store, and copies it,
	 * so that what is stored is never shared with the caller.
	 */
	static Object copy(Object value, String field) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> {
				String name = string(key, field + " key");
				copy.put(name, copy(item, field(field, name)));
			});
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (int i = 0; i < list.size(); i++) {
				copy.add(copy(list.get(i), element(field, i)));
			}
			return copy;
		}
		if (value instanceof String text) {
			return string(text, field);
		}
		return value;
	}

	/**
	 * The members of {@code source} that are not among {@code known}, copied: fields the
	 * caller sent that memstore keeps and echoes without interpreting.
	 */
	static Map<String, Object> others(Map<String, Object> source, Set<String> known, String parent) {
		Map<String, Object> others = new LinkedHashMap<>();
		source.forEach((key, value) -> {
			if (!known.contains(key)) {
				String name = string(key, "the field name " + field(parent, key));
				others.put(name, copy(value, field(parent, name)));
			}
		});
		return others;
	}

}
