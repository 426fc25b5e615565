package dev.memstore.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code cat}: files or standard input, with {@code -n} line numbers.
 */
record CatCommand(Shell shell) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		CommandOptions options = CommandOptions.parse(arguments, "n", "", Map.of("number", 'n'));
		List<String> operands = options.operands().isEmpty() ? List.of("-") : options.operands();
		int status = 0;
		int lineNumber = 0;
		for (String operand : operands) {
			String text;
			try {
				text = this.shell.contentOf(operand, io);
			}
			catch (SandboxException ex) {
				io.err("cat: " + operand + ": " + CommandSupport.reason(ex) + "\n");
				status = 1;
				continue;
			}
			if (!options.has('n')) {
				io.out(text);
				continue;
			}
			for (String line : CommandSupport.linesWithEnds(text)) {
				io.out(String.format(Locale.ROOT, "%6d\t%s", ++lineNumber, line));
			}
		}
		return status;
	}

}
