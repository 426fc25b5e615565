package dev.memstore.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code wc}: lines, words, characters and bytes.
 */
record WcCommand(Shell shell) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		CommandOptions options = CommandOptions.parse(arguments, "lwcm", "",
				Map.of("lines", 'l', "words", 'w', "bytes", 'c', "chars", 'm'));
		boolean all = !options.has('l') && !options.has('w') && !options.has('c') && !options.has('m');
		List<String> operands = options.operands().isEmpty() ? List.of("-") : options.operands();
		List<long[]> rows = new ArrayList<>();
		List<String> names = new ArrayList<>();
		long[] total = new long[4];
		int status = 0;
		for (String operand : operands) {
			String text;
			try {
				text = this.shell.contentOf(operand, io);
			}
			catch (SandboxException ex) {
				io.err("wc: " + operand + ": " + CommandSupport.reason(ex) + "\n");
				status = 1;
				continue;
			}
			long[] counts = { text.chars().filter((c) -> c == '\n').count(),
					text.isBlank() ? 0 : text.trim().split("\\s+").length, text.codePointCount(0, text.length()),
					text.getBytes(StandardCharsets.UTF_8).length };
			for (int i = 0; i < 4; i++) {
				total[i] += counts[i];
			}
			rows.add(counts);
			names.add(operand.equals("-") ? "" : operand);
		}
		if (rows.size() > 1) {
			rows.add(total);
			names.add("total");
		}
		boolean[] shown = { all || options.has('l'), all || options.has('w'), options.has('m'),
				all || options.has('c') };
		int columns = 0;
		int width = 1;
		for (int i = 0; i < 4; i++) {
			if (shown[i]) {
				columns++;
				for (long[] row : rows) {
					width = Math.max(width, String.valueOf(row[i]).length());
				}
			}
		}
		boolean pad = columns > 1 || rows.size() > 1;
		for (int r = 0; r < rows.size(); r++) {
			List<String> cells = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				if (shown[i]) {
					cells.add(pad ? String.format(Locale.ROOT, "%" + width + "d", rows.get(r)[i])
							: String.valueOf(rows.get(r)[i]));
				}
			}
			io.out(String.join(" ", cells) + (names.get(r).isEmpty() ? "" : " " + names.get(r)) + "\n");
		}
		return status;
	}

}
