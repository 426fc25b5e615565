package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * What several commands share: escapes as {@code echo -e} and {@code printf} read them,
 * lines with their ends, and an error as a command prints it.
 */
final class CommandSupport {

	private CommandSupport() {
	}

	/**
	 * Where the escape starting at a backslash ends: {@code \n}, {@code \x41},
	 * {@code \101}.
	 */
	static int escapeEnd(String format, int backslash) {
		if (backslash + 1 >= format.length()) {
			return format.length();
		}
		char kind = format.charAt(backslash + 1);
		int end = backslash + 2;
		int radix = (kind == 'x') ? 16 : (kind >= '0' && kind <= '7') ? 8 : 0;
		if (radix == 8) {
			end = backslash + 1;
		}
		while (radix > 0 && end < format.length() && end < backslash + 4
				&& Character.digit(format.charAt(end), radix) >= 0) {
			end++;
		}
		return end;
	}

	/**
	 * Interprets backslash escapes as {@code echo -e} and {@code printf} do.
	 * @param octalWithoutZero {@code printf} reads {@code \NNN}; {@code echo -e}
	 * {@code \0NNN}
	 */
	static Escaped unescape(String text, boolean octalWithoutZero) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '\\' || i + 1 >= text.length()) {
				out.append(c);
				continue;
			}
			char kind = text.charAt(++i);
			switch (kind) {
				case 'n' -> out.append('\n');
				case 't' -> out.append('\t');
				case 'r' -> out.append('\r');
				case 'a' -> out.append('\u0007');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'v' -> out.append('\u000B');
				case 'e' -> out.append('\u001B');
				case '\\' -> out.append('\\');
				case 'c' -> {
					return new Escaped(out.toString(), true);
				}
				case 'x' -> {
					int end = i + 1;
					while (end < text.length() && end < i + 3 && Character.digit(text.charAt(end), 16) >= 0) {
						end++;
					}
					if (end == i + 1) {
						out.append("\\x");
					}
					else {
						out.append((char) Integer.parseInt(text.substring(i + 1, end), 16));
						i = end - 1;
					}
				}
				default -> {
					boolean octal = kind >= '0' && kind <= '7' && (octalWithoutZero || kind == '0');
					if (octal) {
						int start = (octalWithoutZero) ? i : i + 1;
						int end = start;
						while (end < text.length() && end < start + 3 && Character.digit(text.charAt(end), 8) >= 0) {
							end++;
						}
						out.append((end > start) ? (char) Integer.parseInt(text.substring(start, end), 8) : '\0');
						i = end - 1;
					}
					else if (octalWithoutZero && (kind == '"' || kind == '\'')) {
						out.append(kind);
					}
					else {
						out.append('\\').append(kind);
					}
				}
			}
		}
		return new Escaped(out.toString(), false);
	}

	record Escaped(String text, boolean stopped) {

	}

	static List<String> linesWithEnds(String text) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		while (start < text.length()) {
			int end = text.indexOf('\n', start);
			int next = (end < 0) ? text.length() : end + 1;
			lines.add(text.substring(start, next));
			start = next;
		}
		return lines;
	}

	static String reason(SandboxException ex) {
		return (ex.path() != null) ? ex.reason() : ex.getMessage();
	}

}
