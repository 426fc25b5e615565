package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Glob patterns as agents write them, compiled to regular expressions over
 * {@code /}-separated paths: {@code *} and {@code ?} within one segment, {@code **}
 * across segments ({@code a/**}{@code /b} also matches {@code a/b}), {@code [abc]},
 * {@code [!a-z]} or {@code [^a-z]} character classes, {@code {x,y}} alternatives (nested
 * allowed), and {@code \} to take the next character literally.
 */
final class Glob {

	private final String source;

	private final boolean matchDotFiles;

	private final boolean slashIsOrdinary;

	private int position;

	private Glob(String source, boolean matchDotFiles, boolean slashIsOrdinary) {
		this.source = source;
		this.matchDotFiles = matchDotFiles;
		this.slashIsOrdinary = slashIsOrdinary;
	}

	/**
	 * Compiles a glob.
	 * @param matchDotFiles whether wildcards match names starting with {@code .}; a shell
	 * does not, search tools do
	 */
	static Pattern compile(String glob, boolean matchDotFiles, boolean caseInsensitive) {
		Glob compiler = new Glob(glob, matchDotFiles, false);
		String regex = compiler.sequence(true, false);
		return Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
	}

	/**
	 * Compiles a pattern whose {@code *} and {@code ?} also match {@code /}, as
	 * {@code find -path} reads it.
	 */
	static Pattern compileWholePath(String glob, boolean caseInsensitive) {
		Glob compiler = new Glob(glob, true, true);
		String regex = compiler.sequence(true, false);
		return Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
	}

	static boolean matches(String glob, String path) {
		return compile(glob, true, false).matcher(path).matches();
	}

	/**
	 * Whether a string holds a wildcard, a class or alternatives: a literal otherwise.
	 */
	static boolean hasWildcards(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '*' || c == '?' || c == '[' || c == '{') {
				return true;
			}
		}
		return false;
	}

	/**
	 * Compiles until the end, or, inside alternatives, until the next top-level {@code ,}
	 * or {@code }}.
	 */
	private String sequence(boolean segmentStart, boolean inAlternative) {
		StringBuilder regex = new StringBuilder();
		boolean atSegmentStart = segmentStart;
		while (this.position < this.source.length()) {
			char c = this.source.charAt(this.position);
			if (inAlternative && (c == ',' || c == '}')) {
				break;
			}
			this.position++;
			switch (c) {
				case '*' -> {
					if (this.slashIsOrdinary) {
						regex.append(".*");
						continue;
					}
					if (peek() == '*') {
						while (peek() == '*') {
							this.position++;
						}
						if (atSegmentStart && peek() == '/') {
							this.position++;
							regex.append(this.matchDotFiles ? "(?:[^/]*/)*" : "(?:(?!\\.)[^/]*/)*");
							atSegmentStart = true;
							continue;
						}
						if (atSegmentStart && this.position == this.source.length()) {
							regex.append(this.matchDotFiles ? ".*" : "(?:(?!\\.)[^/]*(?:/|$))*");
							continue;
						}
					}
					regex.append(dotGuard(atSegmentStart)).append("[^/]*");
				}
				case '?' -> regex.append(this.slashIsOrdinary ? "." : dotGuard(atSegmentStart) + "[^/]");
				case '[' -> {
					String characterClass = characterClass();
					if (characterClass != null) {
						regex.append(dotGuard(atSegmentStart)).append(characterClass);
					}
					else {
						regex.append(Pattern.quote("["));
					}
				}
				case '{' -> {
					String alternatives = alternatives(atSegmentStart);
					regex.append((alternatives != null) ? alternatives : Pattern.quote("{"));
				}
				case '\\' -> {
					if (this.position < this.source.length()) {
						regex.append(Pattern.quote(String.valueOf(this.source.charAt(this.position++))));
					}
					else {
						regex.append(Pattern.quote("\\"));
					}
				}
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
			atSegmentStart = c == '/';
		}
		return regex.toString();
	}

	private String dotGuard(boolean atSegmentStart) {
		return (atSegmentStart && !this.matchDotFiles) ? "(?!\\.)" : "";
	}

	private char peek() {
		return (this.position < this.source.length()) ? this.source.charAt(this.position) : '\0';
	}

	/**
	 * Reads a class after its {@code [}; {@code null} (nothing consumed) when it is not
	 * closed, so that the {@code [} is literal.
	 */
	private String characterClass() {
		int start = this.position;
		int i = start;
		boolean negated = false;
		if (i < this.source.length() && (this.source.charAt(i) == '!' || this.source.charAt(i) == '^')) {
			negated = true;
			i++;
		}
		StringBuilder members = new StringBuilder();
		boolean first = true;
		while (i < this.source.length()) {
			char c = this.source.charAt(i);
			if (c == ']' && !first) {
				this.position = i + 1;
				return negated ? "(?!/)[^" + members + "]" : "[" + members + "]";
			}
			if (c == '[' && this.source.startsWith("[:", i)) {
				int end = this.source.indexOf(":]", i + 2);
				String posix = (end > 0) ? posixClass(this.source.substring(i + 2, end)) : null;
				if (posix != null) {
					members.append(posix);
					i = end + 2;
					first = false;
					continue;
				}
			}
			if (c == '-' && !first && i + 1 < this.source.length() && this.source.charAt(i + 1) != ']') {
				members.append('-');
			}
			else if (c == '\\' && i + 1 < this.source.length()) {
				i++;
				members.append('\\').append(this.source.charAt(i));
			}
			else if (Character.isLetterOrDigit(c)) {
				members.append(c);
			}
			else {
				members.append('\\').append(c);
			}
			first = false;
			i++;
		}
		return null;
	}

	/**
	 * Reads alternatives after their <code>{</code>; {@code null} (nothing consumed) when
	 * there is no top-level comma or no closing brace, so that the brace is literal.
	 */
	private String alternatives(boolean segmentStart) {
		int start = this.position;
		List<String> options = new ArrayList<>();
		while (true) {
			options.add(sequence(segmentStart, true));
			if (this.position >= this.source.length()) {
				this.position = start;
				return null;
			}
			char c = this.source.charAt(this.position++);
			if (c == '}') {
				break;
			}
		}
		if (options.size() < 2) {
			this.position = start;
			return null;
		}
		return "(?:" + String.join("|", options) + ")";
	}

	private static String posixClass(String name) {
		return switch (name) {
			case "alpha" -> "\\p{Alpha}";
			case "digit" -> "\\d";
			case "alnum" -> "\\p{Alnum}";
			case "upper" -> "\\p{Upper}";
			case "lower" -> "\\p{Lower}";
			case "space" -> "\\s";
			case "punct" -> "\\p{Punct}";
			case "xdigit" -> "\\p{XDigit}";
			default -> null;
		};
	}

}
