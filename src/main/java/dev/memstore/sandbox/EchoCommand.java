package dev.memstore.sandbox;

import java.util.List;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code echo}: its arguments, with {@code -n} and {@code -e}.
 */
final class EchoCommand implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		boolean newline = true;
		boolean escapes = false;
		int first = 0;
		while (first < arguments.size() && arguments.get(first).matches("-[neE]+")) {
			for (char option : arguments.get(first).substring(1).toCharArray()) {
				switch (option) {
					case 'n' -> newline = false;
					case 'e' -> escapes = true;
					default -> escapes = false;
				}
			}
			first++;
		}
		String text = String.join(" ", arguments.subList(first, arguments.size()));
		if (escapes) {
			CommandSupport.Escaped escaped = CommandSupport.unescape(text, false);
			io.out(escaped.text() + ((newline && !escaped.stopped()) ? "\n" : ""));
		}
		else {
			io.out(text + (newline ? "\n" : ""));
		}
		return 0;
	}

}
