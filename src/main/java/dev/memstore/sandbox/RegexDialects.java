package dev.memstore.sandbox;

import java.util.Set;

/**
 * POSIX regular expressions, as {@code grep} reads them, translated to the RE2 syntax of
 * {@link SandboxRegex}: in a basic expression {@code \(}, {@code \|}, {@code \{},
 * <code>\+</code> and {@code \?} are the operators and the bare characters literal;
 * bracket expressions keep their POSIX meaning ({@code [[:alpha:]]}, {@code []a]}, a
 * literal {@code \}); {@code \<} and {@code \>} become word boundaries. Back-references
 * ({@code \1}) need backtracking, which no linear-time engine offers: they are refused
 * with a clear error.
 */
final class RegexDialects {

	/**
	 * The POSIX classes RE2 knows, written {@code [[:name:]]} in a bracket expression.
	 */
	static final Set<String> POSIX_CLASSES = Set.of("alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
			"lower", "print", "punct", "space", "upper", "word", "xdigit");

	private RegexDialects() {
	}

	/**
	 * Translates a basic (BRE, grep's default) or extended (ERE, {@code grep -E})
	 * expression.
	 * @throws SandboxException for a back-reference
	 */
	static String toRe2(String pattern, boolean basic) {
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
				else if (escaped >= '1' && escaped <= '9') {
					throw new SandboxException("back-references (\\" + escaped
							+ ") are not supported: the sandbox matches in linear time, without backtracking");
				}
				else if (escaped == '`' || escaped == '\'') {
					regex.append((escaped == '`') ? "\\A" : "\\z");
				}
				else if (basic && "|(){}+?".indexOf(escaped) >= 0) {
					regex.append(escaped);
					atStart = escaped == '(' || escaped == '|';
				}
				else if ("wWsSbB".indexOf(escaped) >= 0 || (escaped < 128 && !Character.isLetterOrDigit(escaped))) {
					regex.append('\\').append(escaped);
				}
				else {
					// GNU grep reads any other escaped character as the character itself
					regex.append(escaped);
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
				if (end > 0 && POSIX_CLASSES.contains(pattern.substring(i + 2, end))) {
					members.append(pattern, i, end + 2);
					i = end + 2;
					first = false;
					continue;
				}
			}
			if (c == '\\' || c == '[' || (c == '^' && !first) || c == ']') {
				members.append('\\');
			}
			members.append(c);
			first = false;
			i++;
		}
		regex.append("\\[");
		return open;
	}

}
