package dev.memstore.sandbox;

/**
 * POSIX regular expressions, as {@code grep} reads them, translated to
 * {@link java.util.regex.Pattern} syntax: in a basic expression {@code \(}, {@code \|},
 * {@code \{}, <code>\+</code> and {@code \?} are the operators and the bare characters
 * literal; bracket expressions keep their POSIX meaning ({@code [[:alpha:]]}, {@code
 * []a]}, a literal {@code \}); {@code \<} and {@code \>} become word boundaries.
 */
final class RegexDialects {

	private RegexDialects() {
	}

	/**
	 * Translates a basic (BRE, grep's default) or extended (ERE, {@code grep -E})
	 * expression.
	 */
	static String toJava(String pattern, boolean basic) {
		StringBuilder regex = new StringBuilder();
		boolean atStart = true;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			boolean wasStart = atStart;
			atStart = false;
			if (c == '\\' && i + 1 < pattern.length()) {
				char escaped = pattern.charAt(++i);
				if (escaped == '<' || escaped == '>') {
					regex.append("\\b");
				}
				else if (basic && "|(){}+?".indexOf(escaped) >= 0) {
					regex.append(escaped);
					atStart = escaped == '(' || escaped == '|';
				}
				else {
					regex.append('\\').append(escaped);
				}
			}
			else if (c == '[') {
				i = bracket(pattern, i, regex);
			}
			else if (basic && "|(){}+?".indexOf(c) >= 0) {
				regex.append('\\').append(c);
			}
			else if (c == '*' && wasStart) {
				regex.append("\\*");
			}
			else if (c == '\\') {
				regex.append("\\\\");
			}
			else {
				regex.append(c);
				atStart = !basic && (c == '(' || c == '|');
			}
		}
		return regex.toString();
	}

	/**
	 * Copies the bracket expression starting at {@code open}.
	 * @return the index of its closing {@code ]}, or {@code open} when it is not closed
	 * (the {@code [} is then literal)
	 */
	private static int bracket(String pattern, int open, StringBuilder regex) {
		StringBuilder members = new StringBuilder("[");
		int i = open + 1;
		if (i < pattern.length() && pattern.charAt(i) == '^') {
			members.append('^');
			i++;
		}
		boolean first = true;
		while (i < pattern.length()) {
			char c = pattern.charAt(i);
			if (c == ']' && !first) {
				regex.append(members).append(']');
				return i;
			}
			if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == ':') {
				int end = pattern.indexOf(":]", i + 2);
				String posix = (end > 0) ? posixClass(pattern.substring(i + 2, end)) : null;
				if (posix != null) {
					members.append(posix);
					i = end + 2;
					first = false;
					continue;
				}
			}
			if (c == '\\' || c == '[' || c == '&' || (c == '^' && !first) || c == ']') {
				members.append('\\');
			}
			members.append(c);
			first = false;
			i++;
		}
		regex.append("\\[");
		return open;
	}

	private static String posixClass(String name) {
		return switch (name) {
			case "alpha" -> "\\p{Alpha}";
			case "digit" -> "\\d";
			case "alnum" -> "\\p{Alnum}";
			case "upper" -> "\\p{Upper}";
			case "lower" -> "\\p{Lower}";
			case "space" -> "\\s";
			case "blank" -> " \\t";
			case "punct" -> "\\p{Punct}";
			case "xdigit" -> "\\p{XDigit}";
			case "print" -> "\\p{Print}";
			case "graph" -> "\\p{Graph}";
			case "cntrl" -> "\\p{Cntrl}";
			default -> null;
		};
	}

}
