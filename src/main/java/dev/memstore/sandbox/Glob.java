package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.re2j.Pattern;

/**
 * Glob patterns as agents write them, compiled to linear-time regular expressions over
 * {@code /}-separated paths: {@code *} and {@code ?} within one segment, {@code **}
 * across segments ({@code a/**}{@code /b} also matches {@code a/b}), {@code [abc]},
 * {@code [!a-z]} or {@code [^a-z]} character classes, {@code {x,y}} alternatives (nested
 * up to {@link #MAX_BRACE_NESTING} deep), and {@code \} to take the next character
 * literally. Wildcards match names starting with {@code .} too: the shell, which does not
 * let them, applies that rule itself.
 */
final class Glob {

	/** How deep alternatives may nest: the compiler recurses once per level. */
	static final int MAX_BRACE_NESTING = 32;

	private final String source;

	private final boolean slashIsOrdinary;

	private int position;

	private int nesting;

	/**
	 * Where a {@code {} opens no alternatives: remembered, so that a pattern of many
	 * unclosed braces is read in quadratic time rather than exponential.
	 */
	private final Set<Integer> literalBraces = new HashSet<>();

	private Glob(String source, boolean slashIsOrdinary) {
		this.source = source;
		this.slashIsOrdinary = slashIsOrdinary;
	}

	/**
	 * Compiles a glob.
	 * @throws SandboxLimit when it exceeds a bound of {@link SandboxRegex} or
	 * {@link #MAX_BRACE_NESTING}
	 */
	static Pattern compile(String glob, boolean caseInsensitive) {
		return compile(glob, false, caseInsensitive);
	}

	/**
	 * Compiles a pattern whose {@code *} and {@code ?} also match {@code /}, as
	 * {@code find -path} reads it.
	 */
	static Pattern compileWholePath(String glob, boolean caseInsensitive) {
		return compile(glob, true, caseInsensitive);
	}

	static boolean matches(String glob, String path) {
		return compile(glob, false).matcher(path).matches();
	}

	private static Pattern compile(String glob, boolean slashIsOrdinary, boolean caseInsensitive) {
		if (glob.length() > SandboxRegex.MAX_LENGTH) {
			throw new SandboxLimit("glob pattern too long: " + glob.length() + " characters, the sandbox allows "
					+ SandboxRegex.MAX_LENGTH);
		}
		String regex = new Glob(glob, slashIsOrdinary).sequence(true, false);
		return SandboxRegex.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
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
						regex.append("(?s:.*)");
						continue;
					}
					if (peek() == '*') {
						while (peek() == '*') {
							this.position++;
						}
						if (atSegmentStart && peek() == '/') {
							this.position++;
							regex.append("(?:[^/]*/)*");
							atSegmentStart = true;
							continue;
						}
						if (atSegmentStart && this.position == this.source.length()) {
							regex.append("(?s:.*)");
							continue;
						}
					}
					regex.append("[^/]*");
				}
				case '?' -> regex.append(this.slashIsOrdinary ? "(?s:.)" : "[^/]");
				case '[' -> {
					String characterClass = characterClass();
					regex.append((characterClass != null) ? characterClass : literal('['));
				}
				case '{' -> {
					String alternatives = alternatives(atSegmentStart);
					regex.append((alternatives != null) ? alternatives : literal('{'));
				}
				case '\\' -> regex.append(
						literal((this.position < this.source.length()) ? this.source.charAt(this.position++) : '\\'));
				default -> regex.append(literal(c));
			}
			atSegmentStart = c == '/';
		}
		return regex.toString();
	}

	/**
	 * A character taken literally, in RE2 syntax: ASCII punctuation escaped.
	 */
	private static String literal(char c) {
		return (c < 128 && !Character.isLetterOrDigit(c)) ? "\\" + c : String.valueOf(c);
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
				return negated ? "[^" + (this.slashIsOrdinary ? "" : "/") + members + "]" : "[" + members + "]";
			}
			if (c == '[' && this.source.startsWith("[:", i)) {
				int end = this.source.indexOf(":]", i + 2);
				if (end > 0 && RegexDialects.POSIX_CLASSES.contains(this.source.substring(i + 2, end))) {
					members.append(this.source, i, end + 2);
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
				members.append(literal(this.source.charAt(i)));
			}
			else {
				members.append(literal(c));
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
		if (this.literalBraces.contains(this.position)) {
			return null;
		}
		if (++this.nesting > MAX_BRACE_NESTING) {
			throw new SandboxLimit("glob pattern nests {...} alternatives more than " + MAX_BRACE_NESTING
					+ " deep, the sandbox's limit");
		}
		try {
			String alternatives = alternativesAfterBrace(segmentStart);
			if (alternatives == null) {
				this.literalBraces.add(this.position);
			}
			return alternatives;
		}
		finally {
			this.nesting--;
		}
	}

	private String alternativesAfterBrace(boolean segmentStart) {
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

}
