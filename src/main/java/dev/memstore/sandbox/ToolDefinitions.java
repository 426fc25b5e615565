package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import static dev.memstore.sandbox.ToolDefinition.objectSchema;
import static dev.memstore.sandbox.ToolDefinition.property;

/**
 * The input schemas of the sandbox tools, matching the inputs {@link FileTools} and
 * {@link Shell} accept, so that a model calls them the way they are executed.
 */
final class ToolDefinitions {

	private ToolDefinitions() {
	}

	static List<ToolDefinition> all() {
		return List.of(bash(), read(), write(), edit(), glob(), grep());
	}

	private static ToolDefinition bash() {
		return new ToolDefinition("bash",
				"Runs a shell command on the mounted memory stores. Only these file commands exist: "
						+ String.join(", ", Shell.COMMANDS)
						+ "; with quoting, pipes, &&, ||, ;, redirections and here-documents. There is no network, "
						+ "no interpreter and no state between calls.",
				objectSchema(List.of("command"), property("command", "string", "the command line to run"), property(
						"restart", "boolean", "restart the shell (it keeps no state, so this changes nothing)")));
	}

	private static ToolDefinition read() {
		return new ToolDefinition("read",
				"Reads a file (one memory) with line numbers, or lists a directory. Paths are absolute, under "
						+ MountPaths.ROOT + "/.",
				objectSchema(List.of("file_path"), property("file_path", "string", "absolute path of the file"),
						property("offset", "integer", "first line to read, counting from 1"),
						property("limit", "integer", "how many lines to read"),
						Map.entry("view_range",
								Map.of("type", "array", "items", Map.of("type", "integer"), "minItems", 2, "maxItems",
										2, "description", "[first_line, last_line]; -1 as last means the end"))));
	}

	private static ToolDefinition write() {
		return new ToolDefinition("write",
				"Creates or replaces a file (one memory) with the given text, at most 100 KB of UTF-8. "
						+ "Parent directories need not exist.",
				objectSchema(List.of("file_path", "content"),
						property("file_path", "string", "absolute path of the file"),
						property("content", "string", "the whole new content")));
	}

	private static ToolDefinition edit() {
		return new ToolDefinition("edit",
				"Replaces an exact string in a file. old_string must occur exactly once unless replace_all is true.",
				objectSchema(List.of("file_path", "old_string", "new_string"),
						property("file_path", "string", "absolute path of the file"),
						property("old_string", "string", "the text to replace, exactly as it is in the file"),
						property("new_string", "string", "the replacement text"),
						property("replace_all", "boolean", "replace every occurrence")));
	}

	private static ToolDefinition glob() {
		return new ToolDefinition("glob", "Lists files whose paths match a glob pattern, most recently changed first.",
				objectSchema(List.of("pattern"), property("pattern", "string", "a glob such as **/*.md"),
						property("path", "string", "the directory to search in; the memory root by default")));
	}

	private static ToolDefinition grep() {
		return new ToolDefinition("grep", "Searches file contents for a regular expression.",
				objectSchema(List.of("pattern"), property("pattern", "string", "a Java regular expression"),
						property("path", "string", "a file or directory to search; the memory root by default"),
						property("glob", "string", "only files matching this glob"),
						property("type", "string", "only files of this type, such as md, txt or json"),
						Map.entry("output_mode",
								Map.of("type", "string", "enum", List.of("content", "files_with_matches", "count"),
										"description", "matching lines, file names (the default) or counts")),
						property("-i", "boolean", "ignore case"),
						property("-n", "boolean", "show line numbers (content mode, on by default)"),
						property("-A", "integer", "lines to show after each match"),
						property("-B", "integer", "lines to show before each match"),
						property("-C", "integer", "lines to show around each match"),
						property("multiline", "boolean", "let . match newlines and patterns span lines"),
						property("head_limit", "integer", "show at most this many results"),
						property("offset", "integer", "skip this many results first")));
	}

}
