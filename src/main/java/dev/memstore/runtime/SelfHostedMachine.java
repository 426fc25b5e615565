package dev.memstore.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.sandbox.ToolDefinition;

import static dev.memstore.sandbox.ToolDefinition.objectSchema;
import static dev.memstore.sandbox.ToolDefinition.property;

/**
 * What Claude is told in a session of a {@code self_hosted} environment, where the
 * client's worker runs the built-in tools on a real machine: the tools with the input
 * schemas of the worker's implementation (the SDKs' {@code agent_toolset_20260401} tools,
 * so that Claude calls them the way they are executed), and a note on the machine in
 * place of the one describing memstore's sandbox.
 */
final class SelfHostedMachine {

	private SelfHostedMachine() {
	}

	/**
	 * The worker's tools among those the agent enabled, in the order memstore offers its
	 * own.
	 */
	static List<ToolDefinition> tools(Set<String> enabled) {
		return List.of(bash(), read(), write(), edit(), glob(), grep())
			.stream()
			.filter((tool) -> enabled.contains(tool.name()))
			.toList();
	}

	/**
	 * The system-prompt section about the machine and its mounted memory stores.
	 * @param mountList the mounted stores as memstore lists them, or "" for none
	 */
	static String notes(String mountList) {
		StringBuilder notes = new StringBuilder();
		notes.append("# Environment\n\n")
			.append("Your tools run on a real machine. bash runs commands in a persistent shell, whose working "
					+ "directory and environment variables last from one call to the next; it starts in the "
					+ "session's working directory. Commands time out after about five minutes, and long output "
					+ "is cut short. The file tools (read, write, edit, glob, grep) reach the working directory "
					+ "and the memory stores' directories, and resolve a relative path against the working "
					+ "directory.\n");
		if (!mountList.isEmpty()) {
			notes.append("\n# Memory stores\n\n")
				.append("Persistent memory stores are mounted as directories at the paths below. Each file in "
						+ "them is one memory that outlives this session, shared with every session that mounts "
						+ "the store. What you change in a read-write store is saved to the store while you work "
						+ "and when the session ends; a read-only store refuses writes. A file holds at most 100 KB "
						+ "of UTF-8 text.\n")
				.append(mountList);
		}
		return notes.toString();
	}

	private static ToolDefinition bash() {
		return new ToolDefinition("bash",
				"Runs a command in a persistent bash shell on the machine; the working directory and environment "
						+ "variables carry over between calls.",
				objectSchema(null, property("command", "string", "the command to run"),
						property("restart", "boolean", "restart the shell before running"),
						property("timeout_ms", "integer", "a timeout for this call, in milliseconds")));
	}

	private static ToolDefinition read() {
		return new ToolDefinition("read",
				"Reads a UTF-8 text file; a relative path is resolved against the working directory.",
				objectSchema(List.of("file_path"), Map.entry("file_path", Map.of("type", "string")),
						Map.entry("view_range", Map.of("type", "array", "items", Map.of("type", "integer"),
								"description", "[start_line, end_line], counting from 1, both included"))));
	}

	private static ToolDefinition write() {
		return new ToolDefinition("write",
				"Writes a UTF-8 text file, replacing what it held and creating missing parent directories; a "
						+ "relative path is resolved against the working directory.",
				objectSchema(List.of("file_path", "content"), Map.entry("file_path", Map.of("type", "string")),
						Map.entry("content", Map.of("type", "string"))));
	}

	private static ToolDefinition edit() {
		return new ToolDefinition("edit",
				"Replaces old_string with new_string in a file; old_string must occur exactly once unless "
						+ "replace_all is true.",
				objectSchema(List.of("file_path", "old_string", "new_string"),
						Map.entry("file_path", Map.of("type", "string")),
						Map.entry("old_string", Map.of("type", "string")),
						Map.entry("new_string", Map.of("type", "string")),
						Map.entry("replace_all", Map.of("type", "boolean"))));
	}

	private static ToolDefinition glob() {
		return new ToolDefinition("glob",
				"Lists the files matching a relative glob pattern under a directory, most recently changed first.",
				objectSchema(List.of("pattern"), Map.entry("pattern", Map.of("type", "string")),
						property("path", "string", "the directory to search in; the working directory by default")));
	}

	private static ToolDefinition grep() {
		return new ToolDefinition("grep", "Searches file contents for a regular expression.",
				objectSchema(List.of("pattern"), Map.entry("pattern", Map.of("type", "string")),
						Map.entry("path", Map.of("type", "string"))));
	}

}
