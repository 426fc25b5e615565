package dev.memstore.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import dev.memstore.kernel.ApiException;
import dev.memstore.sandbox.MountedFiles.Entry;
import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.MountedFiles.Node;
import dev.memstore.sandbox.Shell.Io;

/**
 * The commands of the sandbox's bash, each a small subset of its GNU namesake working on
 * {@link MountedFiles}: what they print, their errors and exit statuses follow coreutils
 * and grep closely enough for an agent's habits.
 */
final class ShellCommands {

	private static final char IGNORED = '\uE000';

	private static final char INCLUDE = '\uE001';

	private static final char EXCLUDE = '\uE002';

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private static final Pattern NUMERIC_OPTION = Pattern.compile("-(\\d+)");

	private static final Pattern FORMAT_SPEC = Pattern.compile("%([-+ #0]*)(\\d*)(?:\\.(\\d*))?([sbdicfFeEgGxXo%])");

	/**
	 * The widest field and the longest precision {@code printf} takes: a wider one could
	 * not pass through a pipe anyway, and is refused before anything is allocated.
	 */
	static final int MAX_FIELD = Shell.PIPE_LIMIT;

	/** Anything but a letter, digit or underscore, as {@code grep -w} reads words. */
	private static final String NOT_WORD_CHARACTER = "[^\\p{L}\\p{N}_]";

	private final Shell shell;

	private final MountedFiles files;

	ShellCommands(Shell shell, MountedFiles files) {
		this.shell = shell;
		this.files = files;
	}

	int run(String name, List<String> arguments, Io io) {
		try {
			return switch (name) {
				case "ls" -> ls(arguments, io);
				case "cat" -> cat(arguments, io);
				case "head" -> headOrTail("head", arguments, io);
				case "tail" -> headOrTail("tail", arguments, io);
				case "wc" -> wc(arguments, io);
				case "find" -> find(arguments, io);
				case "grep" -> grep(arguments, io);
				case "mkdir" -> mkdir(arguments, io);
				case "rm" -> rm(arguments, io);
				case "mv" -> moveOrCopy("mv", arguments, io);
				case "cp" -> moveOrCopy("cp", arguments, io);
				case "touch" -> touch(arguments, io);
				case "echo" -> echo(arguments, io);
				case "printf" -> printf(arguments, io);
				case "pwd" -> {
					io.out(this.shell.workingDirectory() + "\n");
					yield 0;
				}
				case "cd" -> cd(arguments, io);
				case "true" -> 0;
				case "false" -> 1;
				default -> throw new IllegalStateException("no command " + name);
			};
		}
		catch (UsageException ex) {
			io.err(name + ": " + ex.getMessage() + "\n");
			return 2;
		}
	}

	// ---- directories

	private int ls(List<String> arguments, Io io) {
		Options options = Options.parse(arguments, "aAl1hFptrdR", "",
				Map.of("all", 'a', "almost-all", 'A', "human-readable", 'h', "classify", 'F', "reverse", 'r',
						"directory", 'd', "recursive", 'R', "color", IGNORED));
		List<String> operands = options.operands.isEmpty() ? List.of(".") : options.operands;
		int status = 0;
		List<Entry> fileOperands = new ArrayList<>();
		List<Shell.ShownPath> directoryOperands = new ArrayList<>();
		for (String operand : operands) {
			try {
				Location location = this.shell.locate(operand);
				Node node = this.files.stat(location);
				if (node.kind() == Kind.MISSING) {
					throw SandboxException.notFound(location.path());
				}
				if (node.kind() == Kind.FILE || options.has('d')) {
					fileOperands.add(new Entry(operand, location.path(), node.kind() == Kind.DIRECTORY, node.memory()));
				}
				else {
					directoryOperands.add(new Shell.ShownPath(operand, location.path()));
				}
			}
			catch (SandboxException ex) {
				io.err("ls: cannot access '" + operand + "': " + reason(ex) + "\n");
				status = 2;
			}
		}
		fileOperands.sort(Comparator.comparing(Entry::name));
		directoryOperands.sort(Comparator.comparing(Shell.ShownPath::shown));
		printEntries(fileOperands, options, io);
		boolean headers = operands.size() > 1 || options.has('R');
		boolean first = fileOperands.isEmpty();
		for (Shell.ShownPath directory : directoryOperands) {
			first = listDirectory(directory.shown(), directory.absolute(), options, headers, first, io);
		}
		return status;
	}

	private boolean listDirectory(String shown, String absolutePath, Options options, boolean headers, boolean first,
			Io io) {
		if (!first) {
			io.out("\n");
		}
		if (headers) {
			io.out(shown + ":\n");
		}
		List<Entry> entries = new ArrayList<>();
		for (Entry entry : this.files.list(this.files.locateAbsolute(absolutePath))) {
			if (!entry.name().startsWith(".") || options.has('a') || options.has('A')) {
				entries.add(entry);
			}
		}
		sortEntries(entries, options);
		if (options.has('a')) {
			entries.add(0, new Entry("..", absolutePath, true, null));
			entries.add(0, new Entry(".", absolutePath, true, null));
		}
		printEntries(entries, options, io);
		if (options.has('R')) {
			for (Entry entry : entries) {
				if (entry.directory() && !entry.name().equals(".") && !entry.name().equals("..")) {
					listDirectory(SandboxPaths.child(shown, entry.name()), entry.path(), options, true, false, io);
				}
			}
		}
		return false;
	}

	private static void sortEntries(List<Entry> entries, Options options) {
		Comparator<Entry> order = Comparator.comparing(Entry::name);
		if (options.has('t')) {
			order = Comparator
				.comparing((Entry entry) -> (entry.memory() != null) ? entry.memory().updatedAt() : null,
						Comparator.nullsLast(Comparator.reverseOrder()))
				.thenComparing(Entry::name);
		}
		entries.sort(options.has('r') ? order.reversed() : order);
	}

	private void printEntries(List<Entry> entries, Options options, Io io) {
		boolean classify = options.has('F') || options.has('p');
		if (!options.has('l')) {
			for (Entry entry : entries) {
				io.out(entry.name() + ((classify && entry.directory()) ? "/" : "") + "\n");
			}
			return;
		}
		int sizeWidth = 1;
		for (Entry entry : entries) {
			sizeWidth = Math.max(sizeWidth, size(entry, options.has('h')).length());
		}
		for (Entry entry : entries) {
			Location location = this.files.locateAbsolute(entry.path());
			boolean readOnly = location instanceof Location.InMount in && in.mount().readOnly();
			String mode = entry.directory() ? (readOnly ? "dr-xr-xr-x" : "drwxr-xr-x")
					: (readOnly ? "-r--r--r--" : "-rw-r--r--");
			String time = (entry.memory() != null) ? TIME.format(entry.memory().updatedAt()) : "-";
			io.out(String.format(Locale.ROOT, "%s 1 agent agent %" + sizeWidth + "s %-16s %s%s%n", mode,
					size(entry, options.has('h')), time, entry.name(), (classify && entry.directory()) ? "/" : ""));
		}
	}

	private static String size(Entry entry, boolean human) {
		if (entry.memory() == null) {
			return "0";
		}
		long bytes = entry.memory().contentSizeBytes();
		if (!human || bytes < 1024) {
			return String.valueOf(bytes);
		}
		return String.format(Locale.ROOT, "%.1fK", bytes / 1024.0);
	}

	private int cd(List<String> arguments, Io io) {
		if (arguments.size() > 1) {
			io.err("bash: cd: too many arguments\n");
			return 1;
		}
		String target = arguments.isEmpty() ? SandboxPaths.HOME : arguments.get(0);
		try {
			Location location = this.shell.locate(target);
			Kind kind = this.files.stat(location).kind();
			if (kind == Kind.MISSING) {
				throw SandboxException.notFound(location.path());
			}
			if (kind == Kind.FILE) {
				throw new SandboxException(location.path(), SandboxException.NOT_DIRECTORY, null);
			}
			this.shell.changeDirectory(location.path());
			return 0;
		}
		catch (SandboxException ex) {
			io.err("bash: cd: " + target + ": " + reason(ex) + "\n");
			return 1;
		}
	}

	// ---- reading files

	private int cat(List<String> arguments, Io io) {
		Options options = Options.parse(arguments, "n", "", Map.of("number", 'n'));
		List<String> operands = options.operands.isEmpty() ? List.of("-") : options.operands;
		int status = 0;
		int lineNumber = 0;
		for (String operand : operands) {
			String text;
			try {
				text = contentOf(operand, io);
			}
			catch (SandboxException ex) {
				io.err("cat: " + operand + ": " + reason(ex) + "\n");
				status = 1;
				continue;
			}
			if (!options.has('n')) {
				io.out(text);
				continue;
			}
			for (String line : linesWithEnds(text)) {
				io.out(String.format(Locale.ROOT, "%6d\t%s", ++lineNumber, line));
			}
		}
		return status;
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
		Options options = Options.parse(rewritten, "qv", "nc",
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
		List<String> operands = options.operands.isEmpty() ? List.of("-") : options.operands;
		boolean headers = (operands.size() > 1 && !options.has('q')) || options.has('v');
		int status = 0;
		boolean first = true;
		for (String operand : operands) {
			String text;
			try {
				text = contentOf(operand, io);
			}
			catch (SandboxException ex) {
				io.err(name + ": cannot open '" + operand + "' for reading: " + reason(ex) + "\n");
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

	private int wc(List<String> arguments, Io io) {
		Options options = Options.parse(arguments, "lwcm", "",
				Map.of("lines", 'l', "words", 'w', "bytes", 'c', "chars", 'm'));
		boolean all = !options.has('l') && !options.has('w') && !options.has('c') && !options.has('m');
		List<String> operands = options.operands.isEmpty() ? List.of("-") : options.operands;
		List<long[]> rows = new ArrayList<>();
		List<String> names = new ArrayList<>();
		long[] total = new long[4];
		int status = 0;
		for (String operand : operands) {
			String text;
			try {
				text = contentOf(operand, io);
			}
			catch (SandboxException ex) {
				io.err("wc: " + operand + ": " + reason(ex) + "\n");
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

	/**
	 * The text of a file operand, or standard input for {@code -}.
	 */
	private String contentOf(String operand, Io io) {
		if (operand.equals("-")) {
			return io.stdin();
		}
		try {
			return this.files.read(this.shell.locate(operand)).content();
		}
		catch (ApiException ex) {
			throw new SandboxException(operand, ex.getMessage(), null);
		}
	}

	// ---- searching

	private int find(List<String> arguments, Io io) {
		List<String> starts = new ArrayList<>();
		int i = 0;
		while (i < arguments.size() && !arguments.get(i).startsWith("-") && !arguments.get(i).equals("!")
				&& !arguments.get(i).equals("(")) {
			starts.add(arguments.get(i++));
		}
		if (starts.isEmpty()) {
			starts.add(".");
		}
		List<Predicate<FoundEntry>> tests = new ArrayList<>();
		int maxDepth = Integer.MAX_VALUE;
		int minDepth = 0;
		boolean negate = false;
		for (; i < arguments.size(); i++) {
			String primary = arguments.get(i);
			Predicate<FoundEntry> test = null;
			switch (primary) {
				case "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-type", "-maxdepth",
						"-mindepth" -> {
					if (i + 1 >= arguments.size()) {
						io.err("find: missing argument to `" + primary + "'\n");
						return 1;
					}
					String value = arguments.get(++i);
					switch (primary) {
						case "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename" -> {
							boolean byName = primary.endsWith("name") && !primary.endsWith("wholename");
							Pattern pattern;
							try {
								pattern = byName ? Glob.compile(value, primary.equals("-iname"))
										: Glob.compileWholePath(value, primary.startsWith("-i"));
							}
							catch (SandboxException ex) {
								io.err("find: " + primary + " " + value + ": " + ex.getMessage() + "\n");
								return 1;
							}
							ToolBudget budget = this.files.budget();
							test = (entry) -> pattern.matcher(budget.guard(byName ? entry.name() : entry.shown()))
								.matches();
						}
						case "-type" -> {
							if (!value.equals("f") && !value.equals("d")) {
								io.err("find: -type " + value + " " + ShellSyntax.UNAVAILABLE
										+ " (only f and d: the stores hold files and directories)\n");
								return 1;
							}
							boolean directory = value.equals("d");
							test = (entry) -> entry.directory() == directory;
						}
						case "-maxdepth", "-mindepth" -> {
							if (!value.matches("\\d{1,9}")) {
								io.err("find: invalid argument `" + value + "' to `" + primary + "'\n");
								return 1;
							}
							if (primary.equals("-maxdepth")) {
								maxDepth = Integer.parseInt(value);
							}
							else {
								minDepth = Integer.parseInt(value);
							}
						}
						default -> throw new IllegalStateException(primary);
					}
				}
				case "-print", "-a", "-and" -> {
				}
				case "-not", "!" -> negate = !negate;
				default -> {
					if (primary.startsWith("-") && primary.length() > 1) {
						io.err("find: " + primary + " " + ShellSyntax.UNAVAILABLE
								+ " (supported: -name, -iname, -path, -ipath, -type f|d, -maxdepth, -mindepth, "
								+ "-not, !, -print)\n");
					}
					else {
						io.err("find: paths must precede the expression: `" + primary + "'\n");
					}
					return 1;
				}
			}
			if (test != null) {
				tests.add(negate ? test.negate() : test);
				negate = false;
			}
		}
		int status = 0;
		for (String start : starts) {
			try {
				Location location = this.shell.locate(start);
				for (FoundEntry entry : tree(start, location)) {
					this.files.budget().check();
					if (entry.depth() >= minDepth && entry.depth() <= maxDepth
							&& tests.stream().allMatch((test) -> test.test(entry))) {
						io.out(entry.shown() + "\n");
					}
				}
			}
			catch (SandboxException ex) {
				io.err("find: '" + start + "': " + reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	/**
	 * Everything at and below a start point, depth first in name order, as {@code find}
	 * prints it: directories are those the files imply, plus the mount points.
	 */
	private List<FoundEntry> tree(String start, Location location) {
		Node node = this.files.stat(location);
		String startName = withoutTrailingSlashes(start);
		startName = startName.contains("/") && !startName.equals("/")
				? startName.substring(startName.lastIndexOf('/') + 1) : startName;
		List<FoundEntry> entries = new ArrayList<>();
		if (node.kind() == Kind.MISSING) {
			throw SandboxException.notFound(location.path());
		}
		if (node.kind() == Kind.FILE) {
			entries.add(new FoundEntry(startName, start, 0, false));
			return entries;
		}
		TreeNode root = TreeNode.directory();
		if (location instanceof Location.MountsRoot) {
			for (Mount mount : this.files.mounts()) {
				root.children().putIfAbsent(SandboxPaths.name(mount.mountPath()), TreeNode.directory());
			}
		}
		String base = location.path();
		this.files.walk(location, false, (file) -> {
			String[] segments = file.path().substring(base.length() + 1).split("/");
			TreeNode directory = root;
			for (int i = 0; i < segments.length - 1; i++) {
				directory = directory.children().computeIfAbsent(segments[i], (name) -> TreeNode.directory());
				if (!directory.isDirectory()) {
					return true;
				}
			}
			directory.children().putIfAbsent(segments[segments.length - 1], TreeNode.FILE);
			return true;
		});
		entries.add(new FoundEntry(startName, start, 0, true));
		addTree(start, root, 1, entries);
		return entries;
	}

	private static String withoutTrailingSlashes(String path) {
		int end = path.length();
		while (end > 1 && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(0, end);
	}

	private static void addTree(String shownDirectory, TreeNode directory, int depth, List<FoundEntry> entries) {
		for (Map.Entry<String, TreeNode> child : directory.children().entrySet()) {
			String shown = SandboxPaths.child(shownDirectory, child.getKey());
			boolean isDirectory = child.getValue().isDirectory();
			entries.add(new FoundEntry(child.getKey(), shown, depth, isDirectory));
			if (isDirectory) {
				addTree(shown, child.getValue(), depth + 1, entries);
			}
		}
	}

	private int grep(List<String> arguments, Io io) {
		Map<String, Character> longOptions = new HashMap<>();
		longOptions.putAll(Map.of("recursive", 'r', "dereference-recursive", 'R', "ignore-case", 'i', "line-number",
				'n', "files-with-matches", 'l', "files-without-match", 'L', "count", 'c', "invert-match", 'v',
				"word-regexp", 'w', "line-regexp", 'x'));
		longOptions.putAll(Map.of("only-matching", 'o', "quiet", 'q', "silent", 'q', "no-messages", 's',
				"with-filename", 'H', "no-filename", 'h', "extended-regexp", 'E', "fixed-strings", 'F', "basic-regexp",
				'G', "perl-regexp", 'P'));
		longOptions.putAll(Map.of("regexp", 'e', "after-context", 'A', "before-context", 'B', "context", 'C',
				"max-count", 'm', "include", INCLUDE, "exclude", EXCLUDE, "color", IGNORED, "colour", IGNORED,
				"binary-files", IGNORED));
		Options options = Options.parse(arguments, "rRiynlLcvwxoqsHhEFGPI", "eABCm" + INCLUDE + EXCLUDE, longOptions);
		List<String> operands = new ArrayList<>(options.operands);
		List<String> patterns = new ArrayList<>(options.values('e'));
		if (patterns.isEmpty()) {
			if (operands.isEmpty()) {
				throw new UsageException("usage: grep [OPTION]... PATTERNS [FILE]...");
			}
			patterns.add(operands.remove(0));
		}
		Pattern pattern;
		List<Pattern> includes = new ArrayList<>();
		List<Pattern> excludes = new ArrayList<>();
		try {
			pattern = grepPattern(patterns, options);
			for (String glob : options.values(INCLUDE)) {
				includes.add(Glob.compile(glob, false));
			}
			for (String glob : options.values(EXCLUDE)) {
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
					io.err("grep: " + operand + ": " + reason(ex) + "\n");
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
	private static Pattern grepPattern(List<String> patterns, Options options) {
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

	private static int contextOption(Options options, char option) {
		String value = options.value(option);
		return (value != null) ? parseCount(value) : 0;
	}

	private static int parseCount(String value) {
		if (!value.matches("\\d{1,9}")) {
			throw new UsageException("invalid number: '" + value + "'");
		}
		return Integer.parseInt(value);
	}

	/**
	 * One grep over its files: what it has found so far, and whether it may stop.
	 */
	private static final class GrepRun {

		private final TextSearch search;

		private final Options options;

		private final boolean names;

		private final Integer maxCount;

		private final TextSearch.Printer printer;

		private final Io io;

		private boolean selected;

		GrepRun(TextSearch search, Options options, boolean names, Integer maxCount, TextSearch.Printer printer,
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

	// ---- writing

	private int mkdir(List<String> arguments, Io io) {
		Options options = Options.parse(arguments, "pv", "", Map.of("parents", 'p', "verbose", 'v'));
		if (options.operands.isEmpty()) {
			throw new UsageException("missing operand");
		}
		int status = 0;
		for (String operand : options.operands) {
			try {
				this.files.makeDirectory(this.shell.locate(operand), options.has('p'));
			}
			catch (SandboxException ex) {
				io.err("mkdir: cannot create directory '" + operand + "': " + reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	private int rm(List<String> arguments, Io io) {
		Options options = Options.parse(arguments, "rRfv", "", Map.of("recursive", 'r', "force", 'f', "verbose", 'v'));
		if (options.operands.isEmpty()) {
			if (options.has('f')) {
				return 0;
			}
			throw new UsageException("missing operand");
		}
		int status = 0;
		for (String operand : options.operands) {
			try {
				this.files.remove(this.shell.locate(operand), options.has('r') || options.has('R'));
				if (options.has('v')) {
					io.out("removed '" + operand + "'\n");
				}
			}
			catch (SandboxException ex) {
				if (options.has('f') && ex.isNotFound()) {
					continue;
				}
				io.err("rm: cannot remove '" + operand + "': " + reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	private int moveOrCopy(String name, List<String> arguments, Io io) {
		boolean move = name.equals("mv");
		Options options = move ? Options.parse(arguments, "fvn", "", Map.of("force", 'f', "verbose", 'v'))
				: Options.parse(arguments, "rRafvpn", "", Map.of("recursive", 'r', "force", 'f', "verbose", 'v'));
		List<String> operands = options.operands;
		if (operands.isEmpty()) {
			throw new UsageException("missing file operand");
		}
		if (operands.size() == 1) {
			throw new UsageException("missing destination file operand after '" + operands.get(0) + "'");
		}
		String destination = operands.get(operands.size() - 1);
		Location target;
		try {
			target = this.shell.locate(destination);
			if (operands.size() > 2 && this.files.stat(target).kind() != Kind.DIRECTORY) {
				throw new SandboxException("target '" + destination + "' is not a directory");
			}
		}
		catch (SandboxException ex) {
			io.err(name + ": " + ex.getMessage() + "\n");
			return 1;
		}
		int status = 0;
		boolean recursive = options.has('r') || options.has('R') || options.has('a');
		for (String source : operands.subList(0, operands.size() - 1)) {
			try {
				Location from = this.shell.locate(source);
				if (options.has('n') && exists(target, from)) {
					continue;
				}
				if (move) {
					this.files.move(from, target);
				}
				else {
					this.files.copy(from, target, recursive);
				}
				if (options.has('v')) {
					io.out("'" + source + "' -> '" + destination + "'\n");
				}
			}
			catch (SandboxException ex) {
				io.err(name + ": cannot " + (move ? "move" : "copy") + " '" + source + "' to '" + destination + "': "
						+ reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	/**
	 * Whether a move or copy of {@code from} onto {@code to} would replace something.
	 */
	private boolean exists(Location to, Location from) {
		Location destination = to;
		if (this.files.stat(to).kind() == Kind.DIRECTORY) {
			destination = this.files.locateAbsolute(SandboxPaths.child(to.path(), SandboxPaths.name(from.path())));
		}
		return this.files.stat(destination).kind() != Kind.MISSING;
	}

	private int touch(List<String> arguments, Io io) {
		Options options = Options.parse(arguments, "acm", "", Map.of("no-create", 'c'));
		if (options.operands.isEmpty()) {
			throw new UsageException("missing file operand");
		}
		int status = 0;
		for (String operand : options.operands) {
			try {
				Location location = this.shell.locate(operand);
				if (options.has('c') && this.files.stat(location).kind() == Kind.MISSING) {
					continue;
				}
				this.files.touch(location);
			}
			catch (SandboxException ex) {
				io.err("touch: cannot touch '" + operand + "': " + reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	// ---- printing

	private static int echo(List<String> arguments, Io io) {
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
			Escaped escaped = unescape(text, false);
			io.out(escaped.text() + ((newline && !escaped.stopped()) ? "\n" : ""));
		}
		else {
			io.out(text + (newline ? "\n" : ""));
		}
		return 0;
	}

	private int printf(List<String> arguments, Io io) {
		if (arguments.isEmpty()) {
			throw new UsageException("usage: printf format [arguments]");
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
					int end = escapeEnd(format, i);
					Escaped escaped = unescape(format.substring(i, end), true);
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
				case 'b' -> String.format(Locale.ROOT, javaSpec + "s", unescape(text, false).text());
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

	private static int escapeEnd(String format, int backslash) {
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
	private static Escaped unescape(String text, boolean octalWithoutZero) {
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

	// ---- helpers

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

	private static List<String> linesWithEnds(String text) {
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

	private static String reason(SandboxException ex) {
		return (ex.path() != null) ? ex.reason() : ex.getMessage();
	}

	/**
	 * What a grep reads: a file or directory operand, or standard input ({@code location}
	 * {@code null}).
	 */
	private record GrepSource(String operand, Location location) {

	}

	/**
	 * A directory of the tree {@code find} walks, its entries in name order; or a file
	 * ({@link #FILE}, without entries).
	 */
	private record TreeNode(TreeMap<String, TreeNode> children) {

		static final TreeNode FILE = new TreeNode(null);

		static TreeNode directory() {
			return new TreeNode(new TreeMap<>());
		}

		boolean isDirectory() {
			return this.children != null;
		}

	}

	private record FoundEntry(String name, String shown, int depth, boolean directory) {

	}

	private record Escaped(String text, boolean stopped) {

	}

	/**
	 * A command called with options or operands it does not take; exit status 2.
	 */
	private static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Command-line options in GNU style: combined short flags ({@code -la}), short
	 * options with a value ({@code -n 5}, {@code -n5}), long options ({@code --lines=5}),
	 * operands anywhere, and {@code --} ending the options.
	 */
	static final class Options {

		private final Set<Character> flags = new HashSet<>();

		private final Map<Character, List<String>> values = new HashMap<>();

		private final List<String> operands = new ArrayList<>();

		static Options parse(List<String> arguments, String flagLetters, String valueLetters,
				Map<String, Character> longOptions) {
			Options options = new Options();
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
						throw new UsageException("unrecognized option '" + argument + "'");
					}
					if (option == IGNORED) {
						continue;
					}
					if (valueLetters.indexOf(option) >= 0) {
						String value = (equals >= 0) ? argument.substring(equals + 1) : null;
						if (value == null) {
							if (i + 1 >= arguments.size()) {
								throw new UsageException("option '--" + name + "' requires an argument");
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
								throw new UsageException("option requires an argument -- '" + option + "'");
							}
							value = arguments.get(++i);
						}
						options.values.computeIfAbsent(option, (key) -> new ArrayList<>()).add(value);
						break;
					}
					if (flagLetters.indexOf(option) < 0) {
						throw new UsageException("invalid option -- '" + option + "'");
					}
					options.flags.add(option);
				}
			}
			return options;
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

}
