package dev.memstore.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;

/**
 * A turn over an in-memory file system that answers the file tools the way the sandbox
 * does ({@code glob} lists absolute paths one per line, {@code read} answers in
 * {@code cat -n} style, read-only mounts refuse writes), and records every call.
 */
class FakeTurn implements TurnContext {

	private final String userText;

	private final List<Mount> mounts;

	private final Map<String, String> files;

	private final Instant now;

	private final Map<String, String> failures = new HashMap<>();

	final List<Call> calls = new ArrayList<>();

	final List<String> says = new ArrayList<>();

	/** Tool calls and says in the order made: a {@link Call} or a {@code String}. */
	final List<Object> events = new ArrayList<>();

	FakeTurn(String userText, List<Mount> mounts, Map<String, String> files, Instant now) {
		this.userText = userText;
		this.mounts = mounts;
		this.files = files;
		this.now = now;
	}

	static Mount mount(String slug, boolean readOnly) {
		return new Mount("memstore_" + slug, slug, "", "/mnt/memory/" + slug, readOnly, null);
	}

	/**
	 * Makes calls of the tool on the path (or, for glob, under it) fail with the text.
	 */
	FakeTurn failing(String tool, String path, String error) {
		this.failures.put(tool + " " + path, error);
		return this;
	}

	@Override
	public String userText() {
		return this.userText;
	}

	@Override
	public List<Mount> mounts() {
		return this.mounts;
	}

	@Override
	public Instant now() {
		return this.now;
	}

	/**
	 * Custom tools the fake agent has, and what each answers.
	 */
	final Map<String, ToolResult> customTools = new LinkedHashMap<>();

	/** The custom tool calls made, one list per batch. */
	final List<List<String>> customBatches = new ArrayList<>();

	@Override
	public java.util.Set<String> customToolNames() {
		return this.customTools.keySet();
	}

	@Override
	public List<ToolResult> useCustomTools(List<dev.memstore.session.SessionEventService.CustomToolCall> calls) {
		this.customBatches.add(calls.stream().map((call) -> call.name()).toList());
		this.events.add(calls);
		return calls.stream().map((call) -> this.customTools.get(call.name())).toList();
	}

	@Override
	public void say(String text) {
		this.says.add(text);
		this.events.add(text);
	}

	@Override
	public ToolResult useTool(String name, Map<String, Object> input) {
		ToolResult result = run(name, input);
		Call call = new Call(name, new LinkedHashMap<>(input), result);
		this.calls.add(call);
		this.events.add(call);
		return result;
	}

	List<String> toolNames() {
		return this.calls.stream().map(Call::name).toList();
	}

	String only(String tool, String key) {
		List<Object> values = this.calls.stream()
			.filter((call) -> call.name().equals(tool))
			.map((call) -> call.input().get(key))
			.toList();
		if (values.size() != 1) {
			throw new AssertionError("expected one " + tool + " call, got " + values);
		}
		return (String) values.get(0);
	}

	String onlySay() {
		if (this.says.size() != 1) {
			throw new AssertionError("expected one say, got " + this.says);
		}
		return this.says.get(0);
	}

	private ToolResult run(String name, Map<String, Object> input) {
		String path = (String) input.getOrDefault("file_path", input.get("path"));
		String failure = this.failures.get(name + " " + path);
		if (failure != null) {
			return ToolResult.error(failure);
		}
		return switch (name) {
			case "glob" -> glob(path);
			case "read" -> read(path);
			case "write" -> write(path, (String) input.get("content"));
			default -> ToolResult.ok(name + " done");
		};
	}

	private ToolResult glob(String directory) {
		// Newest-first order like a real glob; the agent must not depend on it.
		List<String> found = new TreeMap<>(this.files).descendingKeySet()
			.stream()
			.filter((path) -> path.startsWith(directory + "/"))
			.toList();
		return ToolResult.ok(found.isEmpty() ? "No files found" : String.join("\n", found));
	}

	private ToolResult read(String path) {
		String content = this.files.get(path);
		if (content == null) {
			return ToolResult.error("File does not exist: " + path);
		}
		if (content.isEmpty()) {
			return ToolResult.ok("");
		}
		String[] lines = content.split("\n", -1);
		int count = content.endsWith("\n") ? lines.length - 1 : lines.length;
		List<String> numbered = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			numbered.add(String.format("%6d\t%s", i + 1, lines[i]));
		}
		return ToolResult.ok(numbered.stream().collect(Collectors.joining("\n", "", "\n")));
	}

	private ToolResult write(String path, String content) {
		Mount mount = this.mounts.stream()
			.filter((candidate) -> path.startsWith(candidate.mountPath() + "/"))
			.findFirst()
			.orElse(null);
		if (mount == null || mount.readOnly()) {
			return ToolResult.error("EROFS: read-only file system, open '" + path + "'");
		}
		this.files.put(path, content);
		return ToolResult.ok("File written: " + path);
	}

	record Call(String name, Map<String, Object> input, ToolResult result) {

	}

}
