package dev.memstore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.memstore.support.Commands;
import dev.memstore.support.Commands.Result;
import dev.memstore.support.NodeSdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static dev.memstore.support.PackagedJar.awaitReady;
import static dev.memstore.support.PackagedJar.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Every command of the README and of {@code src/docs/*.md} runs as written, against the
 * packaged jar, so that a reader who pastes them gets what the page promises.
 *
 * <p>
 * The rules, which {@code .github/CONTRIBUTING.md} repeats for writers:
 * <ul>
 * <li>Every fenced block names its language. {@code sh} blocks of one page run in
 * document order in one {@code sh} session (with {@code set -e}), as a reader pastes them
 * into one terminal: a later block may use the variables and functions of an earlier one.
 * {@code bash} blocks run alone, in {@code bash}. {@code python}, {@code js} (an ES
 * module, run with {@code node} next to {@code @anthropic-ai/sdk}) and {@code java} (a
 * whole source file, run with {@code java File.java} on the SDK's class path) blocks each
 * run alone.</li>
 * <li>The server is the packaged jar on a throw-away embedded PostgreSQL, with the
 * documented defaults (the development key, the default admin password) and the admin key
 * {@code choose-an-admin-key}, on a free port of 127.0.0.1. Snippets write the address
 * readers use, {@code http://127.0.0.1:8080}; the test replaces {@code 127.0.0.1:8080}
 * with the server's address, and nothing else.</li>
 * <li>A {@code text} block that follows a snippet with only blank lines between is its
 * expected output, compared loosely, since ids and times vary: each of its lines must
 * appear in the output, in order, where {@code …} stands for anything; a {@code curl: (}
 * line, which curl writes to standard error, may appear anywhere.</li>
 * <li>A snippet fails when it exits with an error, or when curl reports an error
 * ({@code curl: (22) …}, shown by {@code --fail-with-body} even inside a pipeline) that
 * its expected output does not show.</li>
 * <li>A block that cannot run here (it needs Docker or a Claude key, starts a server of
 * its own, runs for minutes) is preceded by {@code <!-- not-run: why -->}; it is reported
 * as skipped with that reason.</li>
 * </ul>
 */
class DocSnippetsIT {

	private static final String DOCUMENTED_ADDRESS = "127.0.0.1:8080";

	/** The operator API key the pages start memstore with. */
	private static final String ADMIN_KEY = "choose-an-admin-key";

	private static final Duration SNIPPET_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern FENCE = Pattern.compile("^(`{3,})(.*)$");

	private static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not-run:\\s*(.+?)\\s*-->$");

	private static final String DONE = "@@memstore-snippet-done@@";

	@TempDir
	static Path work;

	private static Process server;

	private static String address;

	private static final List<Process> launched = new ArrayList<>();

	private static final List<String> notRun = new ArrayList<>();

	private static final List<String> skipped = new ArrayList<>();

	private static final List<String> ran = new ArrayList<>();

	private static Optional<String> nodeUnavailable;

	@BeforeAll
	static void startThePackagedJar() throws Exception {
		String jar = System.getProperty("memstore.jar");
		assertThat(jar).as("the failsafe configuration passes the packaged jar").isNotNull();
		int port = freePort();
		address = "127.0.0.1:" + port;
		Path log = Files.createDirectories(Path.of("target", "it-logs"))
			.resolve("doc-snippets-" + System.nanoTime() + ".log");
		server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
				"--server.port=" + port, "--server.address=127.0.0.1", "--memstore.embedded-db.ephemeral=true",
				"--memstore.auth.admin-key=" + ADMIN_KEY)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		launched.add(server);
		awaitReady(server, port, log);
		System.out.println("DocSnippetsIT: snippets' " + DOCUMENTED_ADDRESS + " is " + address + " (log: " + log + ")");
	}

	@AfterAll
	static void stopWhatThisTestStarted() throws InterruptedException {
		for (Process process : launched) {
			process.destroy();
		}
		for (Process process : launched) {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		System.out.println("DocSnippetsIT: " + ran.size() + " snippets ran, " + skipped.size() + " skipped, "
				+ notRun.size() + " marked not-run");
		ran.forEach((line) -> System.out.println("  ran " + line));
		skipped.forEach((line) -> System.out.println("  skipped " + line));
		notRun.forEach((line) -> System.out.println("  not run " + line));
	}

	@TestFactory
	Stream<DynamicNode> everySnippetOfTheReadmeAndTheDocsRuns() throws IOException {
		List<Path> pages = new ArrayList<>();
		pages.add(Path.of("README.md"));
		try (Stream<Path> docs = Files.walk(Path.of("src", "docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		List<DynamicNode> nodes = new ArrayList<>();
		for (Path page : pages) {
			List<Block> blocks = blocks(page);
			if (!blocks.isEmpty()) {
				ShellSession session = new ShellSession(page);
				nodes.add(DynamicContainer.dynamicContainer(page.toString(), blocks.stream()
					.map((block) -> DynamicTest.dynamicTest(block.name(), () -> run(block, session)))));
			}
		}
		assertThat(nodes).as("the README has snippets").isNotEmpty();
		return nodes.stream();
	}

	private static void run(Block block, ShellSession session) throws Exception {
		if (block.language().equals("sh")) {
			// zsh without interactivecomments refuses a pasted comment line
			assertThat(block.code().lines().filter((line) -> line.strip().startsWith("#")))
				.as("%s: a sh block has no comment lines; say it in the prose", block.name())
				.isEmpty();
			// even a block that cannot run here must parse as POSIX sh
			Result syntax = exec(List.of("sh", "-n", "-c", block.code()), work, Duration.ofMinutes(1));
			assertThat(syntax.exit()).as("%s is not POSIX sh:%n%s", block.name(), syntax.output()).isZero();
		}
		if (block.notRun() != null) {
			notRun.add(block.name() + ": " + block.notRun());
			abort("not-run: " + block.notRun());
		}
		assertThat(block.code())
			.as("%s: write the address as http://%s, which the test rewrites", block.name(), DOCUMENTED_ADDRESS)
			.doesNotContain("localhost:8080");
		String code = block.code().replace(DOCUMENTED_ADDRESS, address);
		String output = switch (block.language()) {
			case "sh" -> session.run(block, code);
			case "bash" -> runAlone(block, "snippet.sh", code, List.of("bash", "-e", "snippet.sh"), work);
			case "python" -> runPython(block, code);
			case "js", "javascript", "mjs" -> runNode(block, code);
			case "java" -> runJava(block, code);
			default -> throw new AssertionError(block.name() + ": a " + block.language()
					+ " block cannot run; write it as sh, bash, python, js or java, or mark it not-run");
		};
		ran.add(block.name());
		check(block, output);
	}

	/**
	 * The page's blocks that run: every fenced block with a runnable language, with its
	 * not-run mark and expected output. A block without a language fails the page.
	 */
	static List<Block> blocks(Path page) throws IOException {
		List<String> lines = Files.readAllLines(page);
		List<Block> blocks = new ArrayList<>();
		Block previous = null;
		int lastCodeEnd = -2;
		for (int i = 0; i < lines.size(); i++) {
			Matcher open = FENCE.matcher(lines.get(i));
			if (!open.matches()) {
				continue;
			}
			String language = open.group(2).trim().split("\\s+")[0];
			int start = i;
			StringBuilder body = new StringBuilder();
			for (i++; i < lines.size() && !lines.get(i).startsWith(open.group(1)); i++) {
				body.append(lines.get(i)).append('\n');
			}
			String name = page + ":" + (start + 1);
			assertThat(language).as("%s: a code block names its language (sh, python, js, java, text, …)", name)
				.isNotEmpty();
			boolean onlyBlankBetween = previous != null && lastCodeEnd >= 0
					&& lines.subList(lastCodeEnd + 1, start).stream().allMatch(String::isBlank);
			if (language.equals("text") && onlyBlankBetween) {
				blocks.set(blocks.size() - 1, previous.withExpected(body.toString()));
				previous = null;
				continue;
			}
			previous = null;
			if (!runnable(language)) {
				continue;
			}
			String notRun = null;
			if (start > 0) {
				Matcher mark = NOT_RUN.matcher(lines.get(start - 1).trim());
				notRun = mark.matches() ? mark.group(1) : null;
			}
			previous = new Block(name + " " + language, language, body.toString(), notRun, null);
			blocks.add(previous);
			lastCodeEnd = i;
		}
		return blocks;
	}

	private static boolean runnable(String language) {
		return List
			.of("sh", "bash", "console", "shell", "zsh", "python", "js", "javascript", "mjs", "ts", "typescript",
					"java")
			.contains(language);
	}

	/** Loose comparison: ids and times vary, so {@code …} stands for anything. */
	static void check(Block block, String output) {
		String expected = block.expected() == null ? "" : block.expected();
		if (output.contains("curl: (") && !expected.contains("curl: (")) {
			fail("%s: curl reported an error:%n%s", block.name(), output);
		}
		int at = 0;
		for (String line : expected.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			if (line.startsWith("curl: (")) {
				// curl's own message goes to standard error, which is not ordered with
				// the answer
				assertThat(output).as("%s: the documented curl error", block.name()).contains(line.strip());
				continue;
			}
			for (String piece : line.strip().split("…", -1)) {
				int found = output.indexOf(piece, at);
				if (found < 0) {
					fail("%s: the output does not show the documented%n  %s%n(missing: \"%s\"); it was:%n%s",
							block.name(), line, piece, output);
				}
				at = found + piece.length();
			}
		}
	}

	private static String runPython(Block block, String code) throws Exception {
		Optional<String> missing = unavailable(List.of("python3", "-c", "import anthropic"));
		if (missing.isPresent()) {
			skipped.add(block.name() + ": no Python anthropic package");
			abort("no Python `anthropic` package is importable here (pip install anthropic runs this snippet): "
					+ missing.get());
		}
		return runAlone(block, "snippet.py", code, List.of("python3", "snippet.py"), work);
	}

	private static String runNode(Block block, String code) throws Exception {
		Optional<String> missing = nodeWithSdk();
		if (missing.isPresent()) {
			skipped.add(block.name() + ": " + missing.get());
			abort(missing.get());
		}
		return runAlone(block, "snippet-" + System.nanoTime() + ".mjs", code, null, work.resolve("node"));
	}

	private static String runJava(Block block, String code) throws Exception {
		Matcher type = Pattern.compile("public\\s+class\\s+(\\w+)").matcher(code);
		assertThat(type.find()).as("%s: a Java snippet is a whole file with a public class", block.name()).isTrue();
		Path dir = Files.createDirectories(work.resolve("java-" + System.nanoTime()));
		String file = type.group(1) + ".java";
		// The test's own class path holds the SDK and its dependencies, as a reader's
		// build would.
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return runAlone(block, file, code, List.of(java, "-cp", classPath, file), dir);
	}

	/** Node and the SDK, installed once into a directory of this test's own. */
	private static synchronized Optional<String> nodeWithSdk() throws Exception {
		if (nodeUnavailable == null) {
			nodeUnavailable = NodeSdk.installIn(work.resolve("node"));
		}
		return nodeUnavailable;
	}

	private static String runAlone(Block block, String file, String code, List<String> command, Path dir)
			throws Exception {
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(file), code);
		Result result = exec((command != null) ? command : List.of("node", file), dir, SNIPPET_TIMEOUT);
		assertThat(result.exit()).as("%s exited with %d:%n%s", block.name(), result.exit(), result.output()).isZero();
		return result.output();
	}

	private static Optional<String> unavailable(List<String> command) {
		try {
			Result result = exec(command, work, Duration.ofMinutes(1));
			return (result.exit() == 0) ? Optional.empty() : Optional.of(result.output().strip());
		}
		catch (IOException notInstalled) {
			return Optional.of(notInstalled.getMessage());
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return Optional.of("interrupted");
		}
	}

	private static Result exec(List<String> command, Path dir, Duration timeout)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
		hermetic(builder.environment());
		return Commands.run(builder, timeout, launched::add);
	}

	/**
	 * A reader's own settings must not change what a snippet does: the SDKs read these
	 * variables.
	 */
	private static void hermetic(Map<String, String> environment) {
		environment.keySet().removeIf((name) -> name.startsWith("ANTHROPIC_") || name.startsWith("MEMSTORE_"));
	}

	/** One fenced block: its language, code, not-run reason and expected output. */
	record Block(String name, String language, String code, String notRun, String expected) {

		Block withExpected(String output) {
			return new Block(this.name, this.language, this.code, this.notRun, output);
		}

	}

	/**
	 * One {@code sh} per page, fed its {@code sh} blocks in document order, as a reader
	 * pastes them into one terminal. Each block runs from a file with {@code .}, its
	 * standard input {@code /dev/null}, so that no command of it reads the next block.
	 */
	private static final class ShellSession {

		private final Path page;

		private Process shell;

		private Writer input;

		private BlockingQueue<String> lines;

		private String failedAt;

		ShellSession(Path page) {
			this.page = page;
		}

		String run(Block block, String code) throws Exception {
			if (this.failedAt != null) {
				abort("an earlier snippet of " + this.page + " failed (" + this.failedAt
						+ "), and this one may use its variables");
			}
			start();
			Path file = work.resolve("snippet-" + System.nanoTime() + ".sh");
			Files.writeString(file, code);
			this.input.write(". '" + file + "' </dev/null\nprintf '\\n%s\\n' '" + DONE + "'\n");
			this.input.flush();
			StringBuilder output = new StringBuilder();
			long deadline = System.nanoTime() + SNIPPET_TIMEOUT.toNanos();
			while (true) {
				String line = this.lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (line == null || line.equals(END)) {
					this.failedAt = block.name();
					String why = (line == null) ? "did not finish within " + SNIPPET_TIMEOUT
							: "failed (sh exited with " + this.shell.waitFor() + ")";
					fail("%s %s:%n%s", block.name(), why, output);
				}
				if (line.equals(DONE)) {
					return output.toString();
				}
				output.append(line).append('\n');
			}
		}

		private static final String END = "@@memstore-shell-ended@@";

		private void start() throws IOException {
			if (this.shell != null) {
				return;
			}
			ProcessBuilder builder = new ProcessBuilder("sh").directory(work.toFile()).redirectErrorStream(true);
			hermetic(builder.environment());
			this.shell = builder.start();
			launched.add(this.shell);
			this.input = new OutputStreamWriter(this.shell.getOutputStream(), StandardCharsets.UTF_8);
			this.lines = new LinkedBlockingQueue<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(this.shell.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line = out.readLine(); line != null; line = out.readLine()) {
						this.lines.add(line);
					}
				}
				catch (IOException closed) {
					// the shell is gone; END below says so
				}
				this.lines.add(END);
			});
			reader.setDaemon(true);
			reader.start();
			// A reader's terminal would go on after a failed command; the test stops at
			// it.
			this.input.write("set -e\n");
			this.input.flush();
		}

	}

}
