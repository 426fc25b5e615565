package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;

import com.google.re2j.Pattern;

import dev.memstore.kernel.ApiException;
import dev.memstore.sandbox.ShellSyntax.Command;
import dev.memstore.sandbox.ShellSyntax.Connector;
import dev.memstore.sandbox.ShellSyntax.Redirect;
import dev.memstore.sandbox.ShellSyntax.Script;
import dev.memstore.sandbox.ShellSyntax.Step;
import dev.memstore.sandbox.ShellSyntax.Word;

/**
 * Runs a bash command line on the mounted stores, without a shell: the line is parsed by
 * {@link ShellSyntax}, every command must be one of {@link #COMMANDS}, and each is
 * implemented by {@link ShellCommands} on {@link MountedFiles}. Nothing reaches the host.
 * The working directory starts at {@code /mnt/memory} for every call; {@code cd} lasts
 * until the end of the command line.
 */
final class Shell {

	/**
	 * The commands the sandbox implements, in the order the refusal message lists them.
	 */
	static final List<String> COMMANDS = List.of("ls", "cat", "head", "tail", "wc", "find", "grep", "mkdir", "rm", "mv",
			"cp", "touch", "echo", "printf", "pwd", "cd", "true", "false");

	private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=.*", Pattern.DOTALL);

	/** The most a pipe or a redirection to a file holds, in characters. */
	static final int PIPE_LIMIT = 1_000_000;

	/**
	 * The most paths one word's wildcards may stand for while they are expanded: each
	 * wildcard segment multiplies the paths before it ({@code *}{@code /../*}{@code /..}
	 * lists every directory again for each), so without a bound a short word would stand
	 * for millions of paths.
	 */
	static final int MAX_EXPANSION = 10_000;

	private final MountedFiles files;

	private final BoundedText terminal = new BoundedText();

	private final ShellCommands commands;

	private String workingDirectory = SandboxPaths.HOME;

	Shell(MountedFiles files) {
		this.files = files;
		this.commands = new ShellCommands(this, files);
	}

	/**
	 * Runs a command line: its result is what the terminal shows, an error when the last
	 * pipeline run ended with a status other than 0.
	 */
	ToolResult run(String commandLine) {
		Script script;
		try {
			script = ShellSyntax.parse(commandLine);
		}
		catch (SandboxException ex) {
			return ToolResult.error(ex.getMessage());
		}
		for (Command command : script.commands()) {
			String refusal = refusal(command.name());
			if (refusal != null) {
				return ToolResult.error(refusal);
			}
		}
		int status = 0;
		for (Step step : script.steps()) {
			if ((step.connector() == Connector.IF_SUCCEEDED && status != 0)
					|| (step.connector() == Connector.IF_FAILED && status == 0)) {
				continue;
			}
			status = pipeline(step.pipeline().commands());
		}
		String output = withoutTrailingNewlines(this.terminal.toString());
		if (status == 0) {
			return ToolResult.ok(output);
		}
		return ToolResult.error(output.isEmpty() ? "exit status " + status : output);
	}

	/**
	 * A terminal's text as a tool result shows it: without the newlines that end it.
	 */
	static String withoutTrailingNewlines(String text) {
		int end = text.length();
		while (end > 0 && text.charAt(end - 1) == '\n') {
			end--;
		}
		return text.substring(0, end);
	}

	/**
	 * Why a command cannot run here, or {@code null} if it can.
	 */
	static String refusal(String name) {
		if (ASSIGNMENT.matcher(name).matches()) {
			return "bash: variable assignments (" + name + ") " + ShellSyntax.UNAVAILABLE;
		}
		if (COMMANDS.contains(name)) {
			return null;
		}
		return "bash: " + name + ": command " + ShellSyntax.UNAVAILABLE + ". It offers only these commands on "
				+ MountPaths.ROOT + ": " + String.join(", ", COMMANDS)
				+ "; with quoting, pipes (|), &&, ||, ;, redirections (>, >>, <, 2>/dev/null, 2>&1, <<'EOF' "
				+ "here-documents) and wildcards (*, ?, [...]). The read, write, edit, glob and grep tools also "
				+ "work on the memory stores.";
	}

	String workingDirectory() {
		return this.workingDirectory;
	}

	void changeDirectory(String absolutePath) {
		this.workingDirectory = absolutePath;
	}

	Location locate(String path) {
		return this.files.locate(path, this.workingDirectory);
	}

	private int pipeline(List<Command> pipeline) {
		String input = null;
		int status = 0;
		for (int i = 0; i < pipeline.size(); i++) {
			boolean last = i == pipeline.size() - 1;
			BoundedText pipe = last ? null : new BoundedText(PIPE_LIMIT);
			Sink out = last ? new Sink(this.terminal) : new Sink(pipe);
			status = command(pipeline.get(i), input, out);
			input = last ? null : pipe.toString();
		}
		return status;
	}

	private int command(Command command, String input, Sink standardOut) {
		Sink out = standardOut;
		Sink err = new Sink(this.terminal);
		String stdin = input;
		List<FileOutput> outputs = new ArrayList<>();
		List<String> arguments = new ArrayList<>();
		try {
			this.files.budget().check();
			for (Word word : command.words().subList(1, command.words().size())) {
				arguments.addAll(expand(word));
			}
			for (Redirect redirect : command.redirects()) {
				switch (redirect.kind()) {
					case OUT, APPEND -> out = open(redirect, outputs);
					case ERR, ERR_APPEND -> err = open(redirect, outputs);
					case BOTH, BOTH_APPEND -> {
						out = open(redirect, outputs);
						err = out;
					}
					case ERR_TO_OUT -> err = out;
					case OUT_TO_ERR -> out = err;
					case IN -> stdin = readInput(redirect.target());
					case HERE_DOCUMENT -> stdin = redirect.text();
				}
			}
		}
		catch (SandboxException ex) {
			this.terminal.line("bash: " + ex.getMessage());
			return 1;
		}
		int status = this.commands.run(command.name(), arguments, new Io(out, err, (stdin != null) ? stdin : ""));
		for (FileOutput output : outputs) {
			try {
				if (output.append()) {
					this.files.append(output.location(), output.text().toString());
				}
				else {
					this.files.write(output.location(), output.text().toString());
				}
			}
			catch (SandboxException ex) {
				this.terminal.line("bash: " + ex.getMessage());
				status = 1;
			}
		}
		return status;
	}

	/**
	 * Opens the file of an output redirection, as bash does before the command runs: a
	 * file that cannot be written fails the command before it starts.
	 */
	private Sink open(Redirect redirect, List<FileOutput> outputs) {
		String path = expandOne(redirect.target());
		if (path.equals("/dev/null")) {
			return Sink.DISCARD;
		}
		Location location = locate(path);
		this.files.writable(location);
		if (this.files.stat(location).kind() == MountedFiles.Kind.DIRECTORY) {
			throw new SandboxException(location.path(), SandboxException.IS_DIRECTORY, null);
		}
		for (FileOutput output : outputs) {
			if (output.location().path().equals(location.path())) {
				return new Sink(output.text());
			}
		}
		boolean append = switch (redirect.kind()) {
			case APPEND, ERR_APPEND, BOTH_APPEND -> true;
			default -> false;
		};
		FileOutput output = new FileOutput(location, append, new BoundedText(PIPE_LIMIT));
		outputs.add(output);
		return new Sink(output.text());
	}

	private String readInput(Word target) {
		String path = expandOne(target);
		return path.equals("/dev/null") ? "" : contentOf(path, null);
	}

	/**
	 * What a command reads from an operand: a file's content, or standard input for
	 * {@code -}.
	 */
	String contentOf(String operand, Io io) {
		if (operand.equals("-") && io != null) {
			return io.stdin();
		}
		try {
			return this.files.read(locate(operand)).content();
		}
		catch (ApiException ex) {
			throw new SandboxException(operand, ex.getMessage(), null);
		}
	}

	private String expandOne(Word word) {
		List<String> expanded = expand(word);
		if (expanded.size() != 1) {
			throw new SandboxException(word.text() + ": ambiguous redirect");
		}
		return expanded.get(0);
	}

	/**
	 * Pathname expansion: a word with unquoted wildcards becomes the sorted paths it
	 * matches, or stays as it is when it matches none. Names starting with {@code .}
	 * match only a pattern that starts with {@code .}.
	 * @throws SandboxLimit when the pattern exceeds a bound of {@link Glob}
	 */
	List<String> expand(Word word) {
		if (!word.hasWildcards()) {
			return List.of(word.text());
		}
		String pattern = word.globPattern();
		boolean absolute = pattern.startsWith("/");
		boolean directoriesOnly = pattern.endsWith("/");
		List<ShownPath> current = new ArrayList<>();
		current.add(new ShownPath(absolute ? "/" : "", absolute ? "/" : this.workingDirectory));
		String[] segments = pattern.split("/");
		boolean lastWasLiteral = false;
		for (String segment : segments) {
			if (segment.isEmpty()) {
				continue;
			}
			List<ShownPath> next = new ArrayList<>();
			lastWasLiteral = !Glob.hasWildcards(segment);
			if (lastWasLiteral) {
				String literal = segment.replaceAll("\\\\(.)", "$1");
				for (ShownPath path : current) {
					next.add(path.child(literal));
				}
			}
			else {
				Pattern matcher = Glob.compile(segment, false);
				boolean dotFiles = segment.startsWith(".");
				for (ShownPath path : current) {
					for (MountedFiles.Entry entry : entriesOf(path.absolute())) {
						this.files.budget().check();
						if ((dotFiles || !entry.name().startsWith("."))
								&& matcher.matcher(this.files.budget().guard(entry.name())).matches()) {
							next.add(path.child(entry.name()));
						}
					}
					if (next.size() > MAX_EXPANSION) {
						break;
					}
				}
			}
			if (next.size() > MAX_EXPANSION) {
				throw new SandboxLimit("bash: " + word.text() + ": the wildcards stand for more than " + MAX_EXPANSION
						+ " paths, the sandbox's limit");
			}
			current = next;
			if (current.isEmpty()) {
				break;
			}
		}
		List<String> matches = new ArrayList<>();
		for (ShownPath path : current) {
			MountedFiles.Kind kind = (lastWasLiteral || directoriesOnly) ? kindOf(path.absolute()) : null;
			if (kind == MountedFiles.Kind.MISSING || (directoriesOnly && kind != MountedFiles.Kind.DIRECTORY)) {
				continue;
			}
			matches.add(directoriesOnly ? path.shown() + "/" : path.shown());
		}
		if (matches.isEmpty()) {
			return List.of(word.text());
		}
		matches.sort(null);
		return matches;
	}

	private List<MountedFiles.Entry> entriesOf(String absolutePath) {
		try {
			Location location = this.files.locate(absolutePath, "/");
			if (this.files.stat(location).kind() != MountedFiles.Kind.DIRECTORY) {
				return List.of();
			}
			return this.files.list(location);
		}
		catch (SandboxException ex) {
			return List.of();
		}
	}

	private MountedFiles.Kind kindOf(String absolutePath) {
		try {
			return this.files.stat(this.files.locate(absolutePath, "/")).kind();
		}
		catch (SandboxException ex) {
			return MountedFiles.Kind.MISSING;
		}
	}

	private static String join(String directory, String name) {
		if (directory.isEmpty()) {
			return name;
		}
		return directory.endsWith("/") ? directory + name : directory + "/" + name;
	}

	/**
	 * A path as the command line shows it, and the absolute path it stands for.
	 */
	record ShownPath(String shown, String absolute) {

		ShownPath child(String name) {
			return new ShownPath(join(this.shown, name), join(this.absolute, name));
		}

	}

	/**
	 * Where a command's output or errors go: the terminal, a pipe, a file, or nowhere.
	 */
	static final class Sink {

		static final Sink DISCARD = new Sink(null);

		private final BoundedText text;

		Sink(BoundedText text) {
			this.text = text;
		}

		void write(String output) {
			if (this.text != null) {
				this.text.append(output);
			}
		}

		/**
		 * Whether more output would be cut off anyway, so a long search may stop.
		 */
		boolean isFull() {
			return this.text != null && this.text.isFull();
		}

	}

	/**
	 * A command's standard output, standard error and standard input.
	 */
	record Io(Sink out, Sink err, String stdin) {

		void out(String text) {
			this.out.write(text);
		}

		void err(String text) {
			this.err.write(text);
		}

	}

	private record FileOutput(Location location, boolean append, BoundedText text) {

	}

}
