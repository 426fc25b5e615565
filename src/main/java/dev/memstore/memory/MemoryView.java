package dev.memstore.memory;

import dev.memstore.kernel.ApiException;

/**
 * How much of a memory or version to return: {@code basic} leaves {@code content} null,
 * {@code full} carries it.
 */
public enum MemoryView {

	BASIC, FULL;

	/**
	 * Reads the {@code view} query parameter.
	 * @param fallback the endpoint's default when the parameter is absent
	 */
	public static MemoryView parse(String value, MemoryView fallback) {
		if (value == null) {
			return fallback;
		}
		return switch (value) {
			case "basic" -> BASIC;
			case "full" -> FULL;
			default -> throw ApiException.invalidRequest("view must be basic or full, got '" + value + "'");
		};
	}

}
