package dev.memstore.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Every regular expression an agent's input becomes (grep patterns, globs, file filters),
 * compiled so that no input can stop the server: RE2J matches in time linear in the text
 * (no backtracking), and the pattern is measured before it is compiled, because RE2J
 * compiles recursively and follows chains of empty steps recursively while it matches:
 * its depth is bounded by the pattern's size once counted repetitions are expanded.
 */
final class SandboxRegex {

	/** The longest pattern accepted, in characters. */
	static final int MAX_LENGTH = 4_000;

	/**
	 * The most elements a pattern may have once counted repetitions are expanded
	 * ({@code a{5}} counts 5 and more): twice as deep as this still matches on a thread
	 * with the JVM's default stack.
	 */
	static final int MAX_SIZE = 2_000;

	/** How deep groups may nest. */
	static final int MAX_NESTING = 100;

	private SandboxRegex() {
	}

	/**
	 * Compiles a pattern in RE2 syntax.
	 * @param flags {@link Pattern} flags
	 * @throws SandboxException saying what is wrong with it
	 * @throws SandboxLimit saying which bound it exceeds
	 */
	static Pattern compile(String regex, int flags) {
		String tooLarge = tooLarge(regex);
		if (tooLarge != null) {
			throw new SandboxLimit(tooLarge);
		}
		try {
			return Pattern.compile(regex, flags);
		}
		catch (PatternSyntaxException ex) {
			throw new SandboxException("invalid regular expression: " + ex.getDescription()
					+ ((ex.getPattern().isEmpty()) ? "" : ": " + ex.getPattern()));
		}
	}

	/**
	 * Which bound a pattern exceeds, or {@code null}. The size counts each character,
	 * class, escape or operator once, a group twice more, and multiplies what a counted
	 * repetition repeats: an upper bound on the instructions RE2J compiles it to.
	 */
	static String tooLarge(String regex) {
		if (regex.length() > MAX_LENGTH) {
			return "pattern too long: " + regex.length() + " characters, the sandbox allows " + MAX_LENGTH;
		}
		Deque<long[]> groups = new ArrayDeque<>();
		long size = 0;
		long last = 0;
		int i = 0;
		while (i < regex.length()) {
			char c = regex.charAt(i);
			long element = 1;
			switch (c) {
				case '\\' -> {
					if (regex.startsWith("\\Q", i)) {
						int end = regex.indexOf("\\E", i + 2);
						int stop = (end < 0) ? regex.length() : end;
						element = Math.max(1, stop - i - 2);
						i = (end < 0) ? stop : end + 2;
						size += element;
						last = element;
						continue;
					}
					i = escapeEnd(regex, i);
				}
				case '[' -> i = classEnd(regex, i);
				case '(' -> {
					int flagsEnd = flagsOnly(regex, i);
					if (flagsEnd > 0) {
						i = flagsEnd;
						continue;
					}
					groups.push(new long[] { size });
					if (groups.size() > MAX_NESTING) {
						return "pattern nests groups more than " + MAX_NESTING + " deep";
					}
					size = 0;
					last = 0;
					i = groupBodyStart(regex, i);
					continue;
				}
				case ')' -> {
					if (groups.isEmpty()) {
						i++;
						continue;
					}
					element = size + 2;
					size = groups.pop()[0];
					i++;
				}
				case '*', '+', '?' -> {
					size++;
					i++;
					continue;
				}
				case '{' -> {
					int[] counts = repetition(regex, i);
					if (counts != null) {
						long times = Math.max(1, counts[1]);
						size += last * (times - 1) + times;
						last = last * times + times;
						i = counts[2];
						if (size > MAX_SIZE) {
							return tooComplex();
						}
						continue;
					}
					i++;
				}
				default -> i++;
			}
			size += element;
			last = element;
			if (size > MAX_SIZE) {
				return tooComplex();
			}
		}
		while (!groups.isEmpty()) {
			size += groups.pop()[0];
		}
		return (size > MAX_SIZE) ? tooComplex() : null;
	}

	private static String tooComplex() {
		return "pattern too complex: more than " + MAX_SIZE + " elements once counted repetitions are expanded "
				+ "(a{5} counts 5), the sandbox's limit";
	}

	/**
	 * Where the escape at {@code backslash} ends: {@code \p{Greek}},
	 * <code>\x{263a}</code> and {@code \pL} are one escape.
	 */
	private static int escapeEnd(String regex, int backslash) {
		int i = backslash + 1;
		if (i >= regex.length()) {
			return i;
		}
		char kind = regex.charAt(i++);
		if ((kind == 'p' || kind == 'P' || kind == 'x') && i < regex.length() && regex.charAt(i) == '{') {
			int close = regex.indexOf('}', i);
			return (close < 0) ? regex.length() : close + 1;
		}
		if ((kind == 'p' || kind == 'P') && i < regex.length()) {
			return i + 1;
		}
		return i;
	}

	/**
	 * Where the character class opening at {@code open} ends (after its {@code ]}).
	 */
	private static int classEnd(String regex, int open) {
		int i = open + 1;
		if (i < regex.length() && regex.charAt(i) == '^') {
			i++;
		}
		if (i < regex.length() && regex.charAt(i) == ']') {
			i++;
		}
		while (i < regex.length()) {
			char c = regex.charAt(i);
			if (c == ']') {
				return i + 1;
			}
			if (c == '\\') {
				i = escapeEnd(regex, i);
			}
			else if (c == '[' && regex.startsWith("[:", i)) {
				int close = regex.indexOf(":]", i + 2);
				i = (close < 0) ? i + 1 : close + 2;
			}
			else {
				i++;
			}
		}
		return i;
	}

	/**
	 * Where a group that only sets flags ({@code (?i)}) ends, or -1 when {@code (} opens
	 * a group.
	 */
	private static int flagsOnly(String regex, int open) {
		if (!regex.startsWith("(?", open)) {
			return -1;
		}
		for (int i = open + 2; i < regex.length(); i++) {
			char c = regex.charAt(i);
			if (c == ')') {
				return i + 1;
			}
			if (!Character.isLetter(c) && c != '-') {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * Where the pattern inside the group opening at {@code open} starts: after
	 * {@code (?:}, {@code (?i:} or {@code (?P<name>}.
	 */
	private static int groupBodyStart(String regex, int open) {
		if (!regex.startsWith("(?", open)) {
			return open + 1;
		}
		for (int i = open + 2; i < regex.length(); i++) {
			char c = regex.charAt(i);
			if (c == ':' || c == '>') {
				return i + 1;
			}
		}
		return open + 1;
	}

	/**
	 * The counts of <code>{n}</code>, <code>{n,}</code> or <code>{n,m}</code> at
	 * {@code open}: the least, the most (one more than the least when unbounded) and
	 * where it ends; {@code null} when the brace is a literal.
	 */
	private static int[] repetition(String regex, int open) {
		int close = regex.indexOf('}', open);
		if (close < 0 || close - open > 12) {
			return null;
		}
		String body = regex.substring(open + 1, close);
		if (!body.matches("\\d{1,4}(,\\d{0,4})?")) {
			return null;
		}
		int comma = body.indexOf(',');
		int least = Integer.parseInt((comma < 0) ? body : body.substring(0, comma));
		int most = (comma < 0) ? least
				: (comma == body.length() - 1) ? least + 1 : Integer.parseInt(body.substring(comma + 1));
		return new int[] { least, Math.max(least, most), close + 1 };
	}

}
