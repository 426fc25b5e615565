package dev.memstore.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Array query parameters, as the SDKs send them ({@code name[]=a&name[]=b}) or as people
 * type them ({@code name=a&name=b}).
 */
public final class ArrayParameters {

	private ArrayParameters() {
	}

	public static List<String> values(HttpServletRequest request, String name) {
		List<String> values = new ArrayList<>();
		for (String key : List.of(name + "[]", name)) {
			String[] given = request.getParameterValues(key);
			if (given != null) {
				values.addAll(List.of(given));
			}
		}
		return values;
	}

}
