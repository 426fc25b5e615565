package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code head} and {@code tail}: the first or last lines or characters; a count larger
 * than any text means all of it.
 */
record HeadTailCommand(String name, Shell shell) implements ShellCommand {

	private static final Pattern NUMERIC_OPTION = Pattern.compile("-(\\d+)");

	@Override
	public int run(List<String> arguments, Io io) {
		return headOrTail(this.name, arguments, io);
	}

	private int headOrTail(String name, List<String> arguments, Io io) {
		List<String> rewritten = new ArrayList<>();
		for (String argument : arguments) {
			Matcher numeric = NUMERIC_OPTION.matcher(argument);
			if (numeric.matches()) {
				rewritten.add("-n");
				rewritten.add(numeric.group(1));
			}
			else {
				rewritten.add(argument);
			}
		}
		CommandOptions options = CommandOptions.parse(rewritten, "qv", "nc",
				Map.of("lines", 'n', "bytes", 'c', "quiet", 'q', "silent", 'q', "verbose", 'v'));
		boolean characters = options.value('c') != null;
		String count = characters ? options.value('c') : ((options.value('n') != null) ? options.value('n') : "10");
		if (!count.matches("[+-]?\\d{1,18}")) {
			io.err(name + ": invalid number of " + (characters ? "bytes" : "lines") + ": '" + count + "'\n");
			return 1;
		}
		boolean fromStart = count.startsWith("+");
		boolean allBut = count.startsWith("-");
		// no text is that long: a larger count means all of it, and allocates nothing
		int amount = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(count.replaceFirst("^[+-]", "")));
		List<String> operands = options.operands().isEmpty() ? List.of("-") : options.operands();
		boolean headers = (operands.size() > 1 && !options.has('q')) || options.has('v');
		int status = 0;
		boolean first = true;
		for (String operand : operands) {
			String text;
			try {
				text = this.shell.contentOf(operand, io);
			}
			catch (SandboxException ex) {
				io.err(name + ": cannot open '" + operand + "' for reading: " + CommandSupport.reason(ex) + "\n");
				status = 1;
				continue;
			}
			if (headers) {
				io.out((first ? "" : "\n") + "==> " + (operand.equals("-") ? "standard input" : operand) + " <==\n");
			}
			first = false;
			// where each character or line starts, and where the text ends
			int[] starts = characters ? codePointStarts(text) : lineStarts(text);
			int size = starts.length - 1;
			int from;
			int to;
			if (name.equals("head")) {
				from = 0;
				to = allBut ? Math.max(0, size - amount) : Math.min(size, amount);
			}
			else {
				from = fromStart ? Math.min(size, Math.max(0, amount - 1)) : Math.max(0, size - amount);
				to = size;
			}
			io.out(text.substring(starts[from], starts[to]));
		}
		return status;
	}

	/**
	 * The lines of a text, each with its newline (the last one may have none).
	 */
	private static int[] codePointStarts(String text) {
		int[] starts = new int[text.codePointCount(0, text.length()) + 1];
		for (int i = 0, offset = 0; i < starts.length - 1; i++) {
			starts[i] = offset;
			offset = text.offsetByCodePoints(offset, 1);
		}
		starts[starts.length - 1] = text.length();
		return starts;
	}

	private static int[] lineStarts(String text) {
		List<Integer> starts = new ArrayList<>();
		for (int start = 0; start < text.length(); start = text.indexOf('\n', start) + 1) {
			starts.add(start);
			if (text.indexOf('\n', start) < 0) {
				break;
			}
		}
		starts.add(text.length());
		return starts.stream().mapToInt(Integer::intValue).toArray();
	}

}
