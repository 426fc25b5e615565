package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The input of a tool call as decoded from JSON: strings, booleans, numbers, lists, maps
 * or {@code null}. A missing or mistyped input is a tool error naming it.
 */
final class ToolInput {

	private final Map<String, Object> values;

	ToolInput(Map<String, Object> values) {
		this.values = (values != null) ? values : Map.of();
	}

	String requiredString(String name) {
		String value = optionalString(name);
		if (value == null) {
			throw new SandboxException(name + " is required");
		}
		return value;
	}

	String optionalString(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw new SandboxException(name + " must be a string");
		}
		return text;
	}

	boolean flag(String name, boolean fallback) {
		Object value = this.values.get(name);
		if (value == null) {
			return fallback;
		}
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
			return Boolean.parseBoolean(text);
		}
		throw new SandboxException(name + " must be true or false");
	}

	/**
	 * An integer, also accepted as a number with no fraction or as a string of digits.
	 */
	Integer optionalInteger(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		Integer integer = integerOf(value);
		if (integer == null) {
			throw new SandboxException(name + " must be an integer");
		}
		return integer;
	}

	Integer optionalNonNegative(String name) {
		Integer value = optionalInteger(name);
		if (value != null && value < 0) {
			throw new SandboxException(name + " must not be negative");
		}
		return value;
	}

	List<Integer> optionalIntegers(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list)) {
			throw new SandboxException(name + " must be a list of integers");
		}
		List<Integer> integers = new ArrayList<>();
		for (Object item : list) {
			Integer integer = integerOf(item);
			if (integer == null) {
				throw new SandboxException(name + " must be a list of integers");
			}
			integers.add(integer);
		}
		return integers;
	}

	private static Integer integerOf(Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			long number = ((Number) value).longValue();
			return (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) ? (int) number : null;
		}
		if (value instanceof Number number) {
			double real = number.doubleValue();
			return (real == Math.rint(real) && Math.abs(real) <= Integer.MAX_VALUE) ? (int) real : null;
		}
		if (value instanceof String text && text.trim().matches("-?\\d{1,9}")) {
			return Integer.parseInt(text.trim());
		}
		return null;
	}

}
