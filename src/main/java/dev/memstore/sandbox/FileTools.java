package dev.memstore.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.re2j.Pattern;

import dev.memstore.memory.MemoryContent;

/**
 * The {@code read}, {@code write}, {@code edit}, {@code glob} and {@code grep} tools of
 * the agent toolset, with the inputs of Claude's own tools, on {@link MountedFiles}.
 * Relative paths resolve against {@code /mnt/memory}.
 */
final class FileTools {

	static final int DEFAULT_READ_LINES = 2000;

	static final int MAX_LINE_LENGTH = 2000;

	static final int GLOB_RESULT_LIMIT = 200;

	private static final Map<String, String> FILE_TYPES = Map.of("md", "*.{md,markdown}", "markdown", "*.{md,markdown}",
			"txt", "*.txt", "json", "*.json", "yaml", "*.{yaml,yml}", "py", "*.py", "js", "*.{js,mjs,cjs}", "ts",
			"*.{ts,tsx}", "java", "*.java", "html", "*.{html,htm}");

	private final MountedFiles files;

	FileTools(MountedFiles files) {
		this.files = files;
	}

	ToolResult read(ToolInput input) {
		String filePath = input.requiredString("file_path");
		Integer offset = input.optionalInteger("offset");
		Integer limit = input.optionalInteger("limit");
		List<Integer> viewRange = input.optionalIntegers("view_range");
		if (offset != null && offset < 0) {
			throw new SandboxException("offset must be a line number, 1 or more");
		}
		if (limit != null && limit < 1) {
			throw new SandboxException("limit must be 1 or more");
		}
		if (viewRange != null && viewRange.size() != 2) {
			throw new SandboxException("view_range must be [start_line, end_line]");
		}
		Location location = this.files.locate(filePath, SandboxPaths.HOME);
		MountedFiles.Node node = this.files.stat(location);
		if (node.kind() == MountedFiles.Kind.MISSING) {
			throw SandboxException.notFound(location.path());
		}
		if (node.kind() == MountedFiles.Kind.DIRECTORY) {
			return ToolResult.ok(directoryListing(location));
		}
		String content = this.files.read(location).content();
		List<String> lines = TextSearch.lines(content);
		if (lines.isEmpty()) {
			return ToolResult.ok("(" + location.path() + " exists but is empty)");
		}
		int start = (viewRange != null) ? viewRange.get(0) : (offset != null) ? offset : 1;
		start = Math.max(1, start);
		int end;
		if (viewRange != null) {
			end = (viewRange.get(1) < 0) ? lines.size() : Math.min(lines.size(), viewRange.get(1));
		}
		else {
			end = (int) Math.min(lines.size(), (long) start - 1 + ((limit != null) ? limit : DEFAULT_READ_LINES));
		}
		if (start > lines.size()) {
			return ToolResult
				.ok("(" + location.path() + " has " + lines.size() + " lines; line " + start + " is past its end)");
		}
		BoundedText text = new BoundedText();
		for (int i = start; i <= end && !text.isFull(); i++) {
			String line = lines.get(i - 1);
			if (line.length() > MAX_LINE_LENGTH) {
				line = line.substring(0, MAX_LINE_LENGTH) + "… [line truncated]";
			}
			text.append(String.format(Locale.ROOT, "%6d\t", i)).line(line);
		}
		if (end < lines.size()) {
			text.line("… (" + (lines.size() - end) + " more lines; read on with offset=" + (end + 1) + ")");
		}
		return ToolResult.ok(text.toString().replaceFirst("\\n$", ""));
	}

	private String directoryListing(Location location) {
		List<MountedFiles.Entry> entries = this.files.list(location);
		if (entries.isEmpty()) {
			boolean deleted = location instanceof Location.InMount in && this.files.isDeleted(in.mount());
			return "(" + location.path() + " is an empty directory"
					+ (deleted ? "; the memory store mounted here was deleted" : "") + ")";
		}
		BoundedText text = new BoundedText();
		text.line(location.path() + "/");
		for (MountedFiles.Entry entry : entries) {
			text.line("  " + entry.name() + (entry.directory() ? "/" : ""));
		}
		return text.toString().replaceFirst("\\n$", "");
	}

	ToolResult write(ToolInput input) {
		String filePath = input.requiredString("file_path");
		String content = input.requiredString("content");
		Location location = this.files.locate(filePath, SandboxPaths.HOME);
		boolean created = this.files.write(location, content);
		return ToolResult.ok((created ? "Created " : "Updated ") + location.path() + " ("
				+ content.getBytes(StandardCharsets.UTF_8).length + " bytes)");
	}

	ToolResult edit(ToolInput input) {
		String filePath = input.requiredString("file_path");
		String oldString = input.requiredString("old_string");
		String newString = input.requiredString("new_string");
		boolean replaceAll = input.flag("replace_all", false);
		if (oldString.isEmpty()) {
			throw new SandboxException("old_string must not be empty; use the write tool to create a file");
		}
		if (oldString.equals(newString)) {
			throw new SandboxException("old_string and new_string are the same; there is nothing to change");
		}
		Location location = this.files.locate(filePath, SandboxPaths.HOME);
		int[] replaced = new int[1];
		this.files.edit(location, (content) -> {
			int count = occurrences(content, oldString);
			if (count == 0) {
				throw new SandboxException("old_string was not found in " + location.path()
						+ "; it must match the file exactly, including whitespace and indentation");
			}
			if (count > 1 && !replaceAll) {
				throw new SandboxException("old_string occurs " + count + " times in " + location.path()
						+ "; include more surrounding text to make it unique, or set replace_all to replace "
						+ "every occurrence");
			}
			replaced[0] = replaceAll ? count : 1;
			long length = content.length() + (long) replaced[0] * (newString.length() - oldString.length());
			if (length > MemoryContent.MAX_BYTES) {
				// refused before the text is built: a thousand replacements of a long
				// string would not fit in memory
				throw new SandboxException("the edit would make " + location.path() + " " + length
						+ " characters long; a memory may hold at most " + MemoryContent.MAX_BYTES + " bytes");
			}
			return replaceAll ? content.replace(oldString, newString) : replaceFirst(content, oldString, newString);
		});
		return ToolResult
			.ok("Edited " + location.path() + ": " + replaced[0] + " replacement" + ((replaced[0] == 1) ? "" : "s"));
	}

	ToolResult glob(ToolInput input) {
		String pattern = input.requiredString("pattern");
		String path = input.optionalString("path");
		if (pattern.isEmpty()) {
			throw new SandboxException("pattern must not be empty");
		}
		String base;
		String relative;
		if (pattern.startsWith("/")) {
			String[] split = splitLiteralBase(pattern);
			base = split[0];
			relative = split[1];
		}
		else {
			base = this.files.locate((path != null) ? path : SandboxPaths.HOME, SandboxPaths.HOME).path();
			relative = pattern;
		}
		for (String segment : relative.split("/")) {
			if (segment.equals("..")) {
				throw new SandboxException("'..' is not allowed in a glob pattern; give the directory as path");
			}
		}
		Location root = this.files.locate(base, SandboxPaths.HOME);
		base = root.path();
		if (base.equals("/") || base.equals("/mnt")) {
			root = this.files.locateAbsolute(SandboxPaths.HOME);
		}
		else if (this.files.stat(root).kind() != MountedFiles.Kind.DIRECTORY) {
			if (relative.isEmpty() && this.files.stat(root).kind() == MountedFiles.Kind.FILE) {
				return ToolResult.ok(root.path());
			}
			throw new SandboxException(root.path(), (this.files.stat(root).kind() == MountedFiles.Kind.FILE)
					? SandboxException.NOT_DIRECTORY : SandboxException.NOT_FOUND, null);
		}
		Pattern matcher = Glob.compile(relative, false);
		String prefix = base.endsWith("/") ? base : base + "/";
		ToolBudget budget = this.files.budget();
		List<Instant> found = new ArrayList<>();
		List<String> paths = new ArrayList<>();
		this.files.walk(root, false, (file) -> {
			if (file.path().startsWith(prefix)
					&& matcher.matcher(budget.guard(file.path().substring(prefix.length()))).matches()) {
				found.add(file.memory().updatedAt());
				paths.add(file.path());
			}
			return true;
		});
		if (paths.isEmpty()) {
			return ToolResult.ok("No files found");
		}
		List<Integer> order = newestFirst(found, paths);
		BoundedText text = new BoundedText();
		for (int i = 0; i < order.size() && i < GLOB_RESULT_LIMIT; i++) {
			text.line(paths.get(order.get(i)));
		}
		if (order.size() > GLOB_RESULT_LIMIT) {
			text.line("(showing " + GLOB_RESULT_LIMIT + " of " + order.size()
					+ " files, the most recently changed; use a narrower pattern or path)");
		}
		return ToolResult.ok(text.toString().replaceFirst("\\n$", ""));
	}

	ToolResult grep(ToolInput input) {
		String patternText = input.requiredString("pattern");
		String path = input.optionalString("path");
		String globFilter = input.optionalString("glob");
		String type = input.optionalString("type");
		String mode = (input.optionalString("output_mode") != null) ? input.optionalString("output_mode")
				: "files_with_matches";
		if (!List.of("content", "files_with_matches", "count").contains(mode)) {
			throw new SandboxException("output_mode must be content, files_with_matches or count");
		}
		boolean ignoreCase = input.flag("-i", false);
		boolean lineNumbers = input.flag("-n", true);
		boolean multiline = input.flag("multiline", false);
		Integer around = (input.optionalNonNegative("-C") != null) ? input.optionalNonNegative("-C")
				: input.optionalNonNegative("context");
		int before = (input.optionalNonNegative("-B") != null) ? input.optionalNonNegative("-B")
				: (around != null) ? around : 0;
		int after = (input.optionalNonNegative("-A") != null) ? input.optionalNonNegative("-A")
				: (around != null) ? around : 0;
		Integer headLimit = input.optionalNonNegative("head_limit");
		int offset = (input.optionalNonNegative("offset") != null) ? input.optionalNonNegative("offset") : 0;
		Pattern pattern = SandboxRegex.compile(patternText,
				(ignoreCase ? Pattern.CASE_INSENSITIVE : 0) | (multiline ? Pattern.DOTALL | Pattern.MULTILINE : 0));
		List<FileFilter> filters = fileFilters(globFilter, type);
		Location root = this.files.locate((path != null) ? path : SandboxPaths.HOME, SandboxPaths.HOME);
		MountedFiles.Kind rootKind = this.files.stat(root).kind();
		if (rootKind == MountedFiles.Kind.MISSING) {
			throw SandboxException.notFound(root.path());
		}
		String prefix = root.path().endsWith("/") ? root.path() : root.path() + "/";
		ToolBudget budget = this.files.budget();
		TextSearch search = new TextSearch(pattern, 0, multiline, false, budget);
		List<Instant> matchedFiles = new ArrayList<>();
		List<String> matchedPaths = new ArrayList<>();
		int[] totals = new int[1];
		Results results = new Results(offset, headLimit);
		TextSearch.Printer printer = new TextSearch.Printer(rootKind == MountedFiles.Kind.DIRECTORY, lineNumbers,
				before, after, results::add);
		this.files.walk(root, true, (file) -> {
			String relative = file.path().startsWith(prefix) ? file.path().substring(prefix.length())
					: SandboxPaths.name(file.path());
			if (!filters.isEmpty() && filters.stream().noneMatch((filter) -> filter.matches(relative, budget))) {
				return true;
			}
			String content = file.memory().content();
			List<String> lines = TextSearch.lines(content);
			boolean[] selected = search.select(content, lines);
			int count = TextSearch.count(selected);
			if (count == 0) {
				return true;
			}
			totals[0] += count;
			matchedFiles.add(file.memory().updatedAt());
			matchedPaths.add(file.path());
			if (mode.equals("content")) {
				printer.print(file.path(), lines, selected);
			}
			else if (mode.equals("count")) {
				results.add(file.path() + ":" + count);
			}
			return !mode.equals("content") || !results.isFull();
		});
		if (mode.equals("files_with_matches")) {
			if (matchedPaths.isEmpty()) {
				return ToolResult.ok("No files found");
			}
			for (int index : newestFirst(matchedFiles, matchedPaths)) {
				results.add(matchedPaths.get(index));
			}
		}
		if (results.total == 0) {
			return ToolResult.ok("No matches found");
		}
		BoundedText text = new BoundedText();
		if (mode.equals("files_with_matches")) {
			text.line("Found " + results.total + " file" + ((results.total == 1) ? "" : "s"));
		}
		for (String line : results.kept) {
			text.line(line);
		}
		if (mode.equals("count")) {
			text.line("")
				.line("Found " + totals[0] + " matching line" + ((totals[0] == 1) ? "" : "s") + " in "
						+ matchedPaths.size() + " file" + ((matchedPaths.size() == 1) ? "" : "s"));
		}
		if (results.kept.size() < results.total - Math.min(offset, results.total)) {
			text.line("(more results not shown: raise head_limit or use offset)");
		}
		return ToolResult.ok(text.toString().replaceFirst("\\n$", ""));
	}

	/**
	 * The file filters of {@code glob} (several separated by spaces or commas, outside
	 * braces) and {@code type}; a filter without {@code /} matches the file name, one
	 * with {@code /} the path below the searched directory.
	 */
	private static List<FileFilter> fileFilters(String glob, String type) {
		List<String> globs = new ArrayList<>();
		if (glob != null) {
			for (String part : glob.trim().split("\\s+")) {
				if (part.contains("{")) {
					globs.add(part);
				}
				else {
					for (String piece : part.split(",")) {
						if (!piece.isEmpty()) {
							globs.add(piece);
						}
					}
				}
			}
		}
		if (type != null) {
			globs.add(FILE_TYPES.getOrDefault(type, "*." + type));
		}
		List<FileFilter> filters = new ArrayList<>();
		for (String filter : globs) {
			String relative = filter.startsWith("**/") ? filter.substring(3) : filter;
			filters.add(new FileFilter(Glob.compile(relative, false), relative.contains("/")));
		}
		return filters;
	}

	/**
	 * The lines of a grep result: all are counted, only those of the requested page are
	 * kept, and no more of them than a result can show, so that a search of a large store
	 * holds little.
	 */
	private static final class Results {

		private final int offset;

		private final long end;

		private final List<String> kept = new ArrayList<>();

		private long keptCharacters;

		private long total;

		Results(int offset, Integer limit) {
			this.offset = offset;
			this.end = (limit != null) ? (long) offset + limit : Long.MAX_VALUE;
		}

		void add(String line) {
			long index = this.total++;
			if (index >= this.offset && index < this.end && this.keptCharacters <= BoundedText.LIMIT) {
				this.kept.add(line);
				this.keptCharacters += line.length() + 1;
			}
		}

		/**
		 * Whether more lines would not be shown anyway.
		 */
		boolean isFull() {
			return this.total >= this.end || this.keptCharacters > BoundedText.LIMIT;
		}

	}

	/**
	 * A glob that files must match, by name or by path below the searched directory.
	 */
	private record FileFilter(Pattern glob, boolean byPath) {

		boolean matches(String relativePath, ToolBudget budget) {
			return this.glob.matcher(budget.guard(this.byPath ? relativePath : SandboxPaths.name("/" + relativePath)))
				.matches();
		}

	}

	/**
	 * The indexes of files ordered as Claude's tools list them: most recently changed
	 * first, then by path.
	 */
	private static List<Integer> newestFirst(List<Instant> changed, List<String> paths) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < paths.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator
			.comparing((Integer i) -> changed.get(i), Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
			.thenComparing(paths::get));
		return order;
	}

	/**
	 * Splits an absolute pattern into the directory before its first wildcard and the
	 * rest: {@code /mnt/memory/s/**}{@code /*.md} gives {@code /mnt/memory/s} and
	 * {@code **}{@code /*.md}.
	 */
	private static String[] splitLiteralBase(String pattern) {
		String[] segments = pattern.substring(1).split("/", -1);
		int literal = 0;
		while (literal < segments.length - 1 && !Glob.hasWildcards(segments[literal])) {
			literal++;
		}
		if (literal == segments.length - 1 && !Glob.hasWildcards(segments[literal])) {
			literal = segments.length;
		}
		String base = "/" + String.join("/", Arrays.asList(segments).subList(0, literal));
		String rest = String.join("/", Arrays.asList(segments).subList(literal, segments.length));
		return new String[] { base, rest };
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

	private static String replaceFirst(String text, String part, String replacement) {
		int at = text.indexOf(part);
		return text.substring(0, at) + replacement + text.substring(at + part.length());
	}

}
