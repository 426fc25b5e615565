package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;

import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.Shell.Io;

/**
 * {@code grep}: basic, extended, fixed and Perl-style (RE2) patterns over files,
 * directories or standard input, with GNU grep's output options.
 */
record GrepCommand(Shell shell, MountedFiles files) implements ShellCommand {

	/** Anything but a letter, digit or underscore, as {@code grep -w} reads words. */
	private static final String NOT_WORD_CHARACTER = "[^\\p{L}\\p{N}_]";

	@Override
	public int run(List<String> arguments, Io io) {
		Map<String, Character> longOptions = new HashMap<>();
		longOptions.putAll(Map.of("recursive", 'r', "dereference-recursive", 'R', "ignore-case", 'i', "line-number",
				'n', "files-with-matches", 'l', "files-without-match", 'L', "count", 'c', "invert-match", 'v',
				"word-regexp", 'w', "line-regexp", 'x'));
		longOptions.putAll(Map.of("only-matching", 'o', "quiet", 'q', "silent", 'q', "no-messages", 's',
				"with-filename", 'H', "no-filename", 'h', "extended-regexp", 'E', "fixed-strings", 'F', "basic-regexp",
				'G', "perl-regexp", 'P'));
		longOptions.putAll(Map.of("regexp", 'e', "after-context", 'A', "before-context", 'B', "context", 'C',
				"max-count", 'm', "include", CommandOptions.INCLUDE, "exclude", CommandOptions.EXCLUDE, "color",
				CommandOptions.IGNORED, "colour", CommandOptions.IGNORED, "binary-files", CommandOptions.IGNORED));
		CommandOptions options = CommandOptions.parse(arguments, "rRiynlLcvwxoqsHhEFGPI",
				"eABCm" + CommandOptions.INCLUDE + CommandOptions.EXCLUDE, longOptions);
		List<String> operands = new ArrayList<>(options.operands());
		List<String> patterns = new ArrayList<>(options.values('e'));
		if (patterns.isEmpty()) {
			if (operands.isEmpty()) {
				throw new CommandUsageException("usage: grep [OPTION]... PATTERNS [FILE]...");
			}
			patterns.add(operands.remove(0));
		}
		Pattern pattern;
		List<Pattern> includes = new ArrayList<>();
		List<Pattern> excludes = new ArrayList<>();
		try {
			pattern = grepPattern(patterns, options);
			for (String glob : options.values(CommandOptions.INCLUDE)) {
				includes.add(Glob.compile(glob, false));
			}
			for (String glob : options.values(CommandOptions.EXCLUDE)) {
				excludes.add(Glob.compile(glob, false));
			}
		}
		catch (SandboxException ex) {
			io.err("grep: " + ex.getMessage() + "\n");
			return 2;
		}
		int after = contextOption(options, 'A');
		int before = contextOption(options, 'B');
		int around = contextOption(options, 'C');
		Integer maxCount = (options.value('m') != null) ? parseCount(options.value('m')) : null;
		boolean recursive = options.has('r') || options.has('R');
		if (operands.isEmpty()) {
			operands.add(recursive ? "." : "-");
		}
		List<GrepSource> sources = new ArrayList<>();
		boolean anyDirectory = false;
		boolean error = false;
		for (String operand : operands) {
			if (operand.equals("-")) {
				sources.add(new GrepSource(operand, null));
				continue;
			}
			try {
				Location location = this.shell.locate(operand);
				Kind kind = this.files.stat(location).kind();
				if (kind == Kind.MISSING) {
					throw SandboxException.notFound(location.path());
				}
				if (kind == Kind.DIRECTORY && !recursive) {
					throw new SandboxException(location.path(), SandboxException.IS_DIRECTORY, null);
				}
				anyDirectory |= kind == Kind.DIRECTORY;
				sources.add(new GrepSource(operand, location));
			}
			catch (SandboxException ex) {
				if (!options.has('s')) {
					io.err("grep: " + operand + ": " + CommandSupport.reason(ex) + "\n");
				}
				error = true;
			}
		}
		boolean names = options.has('H') || (!options.has('h') && (operands.size() > 1 || anyDirectory));
		ToolBudget budget = this.files.budget();
		TextSearch search = new TextSearch(pattern, options.has('w') ? 1 : 0, false, options.has('v'), budget);
		GrepRun run = new GrepRun(search, options, names, maxCount, new TextSearch.Printer(names, options.has('n'),
				Math.max(before, around), Math.max(after, around), (line) -> io.out(line + "\n")), io);
		for (GrepSource source : sources) {
			String operand = source.operand();
			Location location = source.location();
			if (location == null) {
				run.search("(standard input)", io.stdin());
			}
			else {
				String base = location.path();
				this.files.walk(location, true, (file) -> {
					CharSequence name = budget.guard(SandboxPaths.name(file.path()));
					if ((!includes.isEmpty() && includes.stream().noneMatch((glob) -> glob.matcher(name).matches()))
							|| excludes.stream().anyMatch((glob) -> glob.matcher(name).matches())) {
						return true;
					}
					String shown = file.path().equals(base) ? operand
							: SandboxPaths.child(operand, file.path().substring(base.length() + 1));
					run.search(shown, file.memory().content());
					return !run.done();
				});
			}
			if (run.done()) {
				break;
			}
		}
		if (error && !(options.has('q') && run.selected)) {
			return 2;
		}
		return run.selected ? 0 : 1;
	}

	/**
	 * The patterns of a grep as one expression. With {@code -w} the word is its first
	 * group: without lookaround, the characters around it are part of the match.
	 * @throws SandboxException when a pattern is invalid or exceeds a bound
	 */
	private static Pattern grepPattern(List<String> patterns, CommandOptions options) {
		List<String> alternatives = new ArrayList<>();
		for (String given : patterns) {
			for (String pattern : given.split("\n", -1)) {
				String regex = options.has('F') ? Pattern.quote(pattern)
						: options.has('P') ? pattern : RegexDialects.toRe2(pattern, !options.has('E'));
				if (options.has('x')) {
					regex = "^(?:" + regex + ")$";
				}
				alternatives.add("(?:" + regex + ")");
			}
		}
		String regex = String.join("|", alternatives);
		if (options.has('w')) {
			regex = "(?:^|" + NOT_WORD_CHARACTER + ")(" + regex + ")(?:" + NOT_WORD_CHARACTER + "|$)";
		}
		return SandboxRegex.compile(regex, (options.has('i') || options.has('y')) ? Pattern.CASE_INSENSITIVE : 0);
	}

	private static int contextOption(CommandOptions options, char option) {
		String value = options.value(option);
		return (value != null) ? parseCount(value) : 0;
	}

	/**
	 * A count of lines: no text has more than {@code Integer.MAX_VALUE}, so a larger one
	 * means all of them.
	 */
	private static int parseCount(String value) {
		if (!value.matches("\\d{1,18}")) {
			throw new CommandUsageException("invalid number: '" + value + "'");
		}
		return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(value));
	}

	/**
	 * One grep over its files: what it has found so far, and whether it may stop.
	 */
	private static final class GrepRun {

		private final TextSearch search;

		private final CommandOptions options;

		private final boolean names;

		private final Integer maxCount;

		private final TextSearch.Printer printer;

		private final Io io;

		private boolean selected;

		GrepRun(TextSearch search, CommandOptions options, boolean names, Integer maxCount, TextSearch.Printer printer,
				Io io) {
			this.search = search;
			this.options = options;
			this.names = names;
			this.maxCount = maxCount;
			this.printer = printer;
			this.io = io;
		}

		void search(String name, String text) {
			List<String> lines = TextSearch.lines(text);
			boolean[] chosen = this.search.select(text, lines);
			if (this.maxCount != null) {
				TextSearch.limit(chosen, this.maxCount);
			}
			int count = TextSearch.count(chosen);
			if (this.options.has('L')) {
				if (count == 0) {
					this.io.out(name + "\n");
					this.selected = true;
				}
				return;
			}
			this.selected |= count > 0;
			if (this.options.has('q')) {
				return;
			}
			if (this.options.has('l')) {
				if (count > 0) {
					this.io.out(name + "\n");
				}
			}
			else if (this.options.has('c')) {
				this.io.out((this.names ? name + ":" : "") + count + "\n");
			}
			else if (this.options.has('o') && !this.options.has('v')) {
				for (int i = 0; i < lines.size(); i++) {
					if (chosen[i]) {
						for (String match : this.search.matchesIn(lines.get(i))) {
							this.io.out((this.names ? name + ":" : "") + (this.options.has('n') ? (i + 1) + ":" : "")
									+ match + "\n");
						}
					}
				}
			}
			else {
				this.printer.print(name, lines, chosen);
			}
		}

		boolean done() {
			return (this.options.has('q') && this.selected) || this.io.out().isFull();
		}

	}

	/**
	 * What a grep reads: a file or directory operand, or standard input ({@code location}
	 * {@code null}).
	 */
	private record GrepSource(String operand, Location location) {

	}

}
