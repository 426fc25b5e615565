package dev.memstore.sandbox;

import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code printf}: formats its arguments, reusing the format while arguments remain;
 * widths and precisions are bounded before anything is allocated.
 */
record PrintfCommand(MountedFiles files) implements ShellCommand {

	private static final Pattern FORMAT_SPEC = Pattern.compile("%([-+ #0]*)(\\d*)(?:\\.(\\d*))?([sbdicfFeEgGxXo%])");

	/**
	 * The widest field and the longest precision {@code printf} takes: a wider one could
	 * not pass through a pipe anyway, and is refused before anything is allocated.
	 */
	static final int MAX_FIELD = Shell.PIPE_LIMIT;

	@Override
	public int run(List<String> arguments, Io io) {
		if (arguments.isEmpty()) {
			throw new CommandUsageException("usage: printf format [arguments]");
		}
		String format = arguments.get(0);
		List<String> values = arguments.subList(1, arguments.size());
		// the output waits for the end of the command, as in stdout's buffer, so that
		// errors show first; it holds no more than a pipe would take
		BoundedText out = new BoundedText(Shell.PIPE_LIMIT);
		int used = 0;
		int status = 0;
		boolean consumed;
		do {
			this.files.budget().check();
			consumed = false;
			int i = 0;
			while (i < format.length()) {
				char c = format.charAt(i);
				if (c == '\\') {
					int end = CommandSupport.escapeEnd(format, i);
					CommandSupport.Escaped escaped = CommandSupport.unescape(format.substring(i, end), true);
					out.append(escaped.text());
					if (escaped.stopped()) {
						io.out(out.toString());
						return status;
					}
					i = end;
					continue;
				}
				if (c != '%') {
					out.append(String.valueOf(c));
					i++;
					continue;
				}
				Matcher spec = FORMAT_SPEC.matcher(format);
				if (!spec.find(i) || spec.start() != i) {
					io.err("printf: invalid format: '" + format.substring(i) + "'\n");
					return 1;
				}
				i = spec.end();
				this.files.budget().check();
				char conversion = spec.group(4).charAt(0);
				if (conversion == '%') {
					out.append("%");
					continue;
				}
				requireNarrowEnough(spec.group(2), "field width");
				requireNarrowEnough(spec.group(3), "precision");
				String value = (used < values.size()) ? values.get(used++) : null;
				consumed = true;
				try {
					out.append(formatValue(spec, conversion, value));
				}
				catch (NumberFormatException ex) {
					io.err("printf: '" + value + "': invalid number\n");
					status = 1;
					out.append(formatValue(spec, conversion, "0"));
				}
			}
		}
		while (consumed && used < values.size());
		io.out(out.toString());
		return status;
	}

	/**
	 * Refuses a width or precision wider than {@link #MAX_FIELD}, before anything is
	 * allocated for it.
	 */
	private static void requireNarrowEnough(String digits, String what) {
		if (digits != null && !digits.isEmpty() && (digits.length() > 9 || Integer.parseInt(digits) > MAX_FIELD)) {
			throw new SandboxLimit(
					"printf: " + what + " " + digits + " is larger than the sandbox allows (" + MAX_FIELD + ")");
		}
	}

	private static String formatValue(Matcher spec, char conversion, String value) {
		String flags = spec.group(1);
		String width = spec.group(2);
		String precision = spec.group(3);
		String text = (value != null) ? value : "";
		String javaSpec = "%" + flags + width;
		try {
			return switch (conversion) {
				case 's' ->
					String.format(Locale.ROOT, javaSpec + ((precision != null) ? "." + precision : "") + "s", text);
				case 'b' -> String.format(Locale.ROOT, javaSpec + "s", CommandSupport.unescape(text, false).text());
				case 'c' -> String.format(Locale.ROOT, javaSpec + "s", text.isEmpty() ? "" : text.substring(0, 1));
				case 'd', 'i' -> String.format(Locale.ROOT, javaSpec + "d", integer(text));
				case 'x', 'X', 'o' -> String.format(Locale.ROOT, javaSpec + conversion, integer(text));
				default -> String.format(Locale.ROOT,
						javaSpec + ((precision != null) ? "." + precision : "")
								+ ((conversion == 'F') ? 'f' : conversion),
						text.isEmpty() ? 0.0 : Double.parseDouble(text.trim()));
			};
		}
		catch (IllegalFormatException ex) {
			return text;
		}
	}

	private static long integer(String text) {
		String trimmed = text.trim();
		if (trimmed.isEmpty()) {
			return 0;
		}
		if (trimmed.startsWith("'") || trimmed.startsWith("\"")) {
			return (trimmed.length() > 1) ? trimmed.codePointAt(1) : 0;
		}
		return Long.decode(trimmed);
	}

}
