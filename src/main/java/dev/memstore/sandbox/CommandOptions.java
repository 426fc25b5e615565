package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options in GNU style: combined short flags ({@code -la}), short options
 * with a value ({@code -n 5}, {@code -n5}), long options ({@code --lines=5}), operands
 * anywhere, and {@code --} ending the options.
 */
final class CommandOptions {

	/** A long option that is accepted and changes nothing (such as {@code --color}). */
	static final char IGNORED = '\uE000';

	/** {@code grep --include}, a long option without a letter. */
	static final char INCLUDE = '\uE001';

	/** {@code grep --exclude}, a long option without a letter. */
	static final char EXCLUDE = '\uE002';

	private final Set<Character> flags = new HashSet<>();

	private final Map<Character, List<String>> values = new HashMap<>();

	private final List<String> operands = new ArrayList<>();

	static CommandOptions parse(List<String> arguments, String flagLetters, String valueLetters,
			Map<String, Character> longOptions) {
		CommandOptions options = new CommandOptions();
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (argument.equals("--")) {
				options.operands.addAll(arguments.subList(i + 1, arguments.size()));
				break;
			}
			if (argument.startsWith("--")) {
				int equals = argument.indexOf('=');
				String name = argument.substring(2, (equals < 0) ? argument.length() : equals);
				Character option = longOptions.get(name);
				if (option == null) {
					throw new CommandUsageException("unrecognized option '" + argument + "'");
				}
				if (option == IGNORED) {
					continue;
				}
				if (valueLetters.indexOf(option) >= 0) {
					String value = (equals >= 0) ? argument.substring(equals + 1) : null;
					if (value == null) {
						if (i + 1 >= arguments.size()) {
							throw new CommandUsageException("option '--" + name + "' requires an argument");
						}
						value = arguments.get(++i);
					}
					options.values.computeIfAbsent(option, (key) -> new ArrayList<>()).add(value);
				}
				else {
					options.flags.add(option);
				}
				continue;
			}
			if (argument.length() < 2 || !argument.startsWith("-")) {
				options.operands.add(argument);
				continue;
			}
			for (int j = 1; j < argument.length(); j++) {
				char option = argument.charAt(j);
				if (valueLetters.indexOf(option) >= 0) {
					String value = argument.substring(j + 1);
					if (value.isEmpty()) {
						if (i + 1 >= arguments.size()) {
							throw new CommandUsageException("option requires an argument -- '" + option + "'");
						}
						value = arguments.get(++i);
					}
					options.values.computeIfAbsent(option, (key) -> new ArrayList<>()).add(value);
					break;
				}
				if (flagLetters.indexOf(option) < 0) {
					throw new CommandUsageException("invalid option -- '" + option + "'");
				}
				options.flags.add(option);
			}
		}
		return options;
	}

	/**
	 * The arguments that are not options, in order.
	 */
	List<String> operands() {
		return this.operands;
	}

	boolean has(char flag) {
		return this.flags.contains(flag);
	}

	/**
	 * The last value given for an option, or {@code null}.
	 */
	String value(char option) {
		List<String> given = this.values.get(option);
		return (given != null) ? given.get(given.size() - 1) : null;
	}

	List<String> values(char option) {
		return this.values.getOrDefault(option, List.of());
	}

}
