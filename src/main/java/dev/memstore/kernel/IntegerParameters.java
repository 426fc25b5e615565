package dev.memstore.kernel;

/**
 * The one rule for an integer query parameter with bounds ({@code limit},
 * {@code block_ms}, …): a clear 400 that names it, its bounds and what was sent.
 */
public final class IntegerParameters {

	private IntegerParameters() {
	}

	/**
	 * @throws ApiException 400 when the value is not an integer from {@code min} to
	 * {@code max}
	 */
	public static long parse(String name, String value, long min, long max) {
		long parsed;
		try {
			parsed = Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			parsed = min - 1;
		}
		if (parsed < min || parsed > max) {
			throw ApiException
				.invalidRequest(name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
		}
		return parsed;
	}

}
