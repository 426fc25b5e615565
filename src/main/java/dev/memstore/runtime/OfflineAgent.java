package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memstore.runtime.MemoryRelevance.Match;
import dev.memstore.runtime.MemoryRelevance.MemoryFile;
import dev.memstore.runtime.OfflineScript.InvalidScriptException;
import dev.memstore.runtime.OfflineScript.SayStep;
import dev.memstore.runtime.OfflineScript.Step;
import dev.memstore.runtime.OfflineScript.ToolStep;
import dev.memstore.dream.RememberRequests;
import dev.memstore.dream.RememberRequests.NoteFile;
import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEventService.CustomToolCall;

/**
 * The deterministic stand-in for a model, used when none is configured and for the model
 * id {@value #MODEL_ID}. It performs a {@code memstore-script} block when the message has
 * one (see {@link OfflineScript}); otherwise it reads every mounted store, notes the
 * message when asked to remember something (in {@code users/<name>/profile.md} when the
 * message introduces a person, else in {@code remembered.md}), and answers with the
 * memory lines that share the most words with the message.
 */
final class OfflineAgent {

	static final String MODEL_ID = "memstore-offline";

	static final int MAX_FILES_READ = 50;

	static final int MAX_ANSWER_LINES = 5;

	private static final Pattern LINE_NUMBER = Pattern.compile(" *\\d+\t");

	/**
	 * Runs one turn: every step it takes goes through the context, so it is recorded.
	 */
	void runTurn(TurnContext turn) {
		String message = (turn.userText() != null) ? turn.userText() : "";
		Optional<List<Step>> script;
		try {
			script = OfflineScript.find(message, turn.customToolNames());
		}
		catch (InvalidScriptException ex) {
			turn.say("memstore-script error: " + ex.getMessage());
			return;
		}
		if (script.isPresent()) {
			perform(script.get(), turn);
		}
		else {
			recall(message, turn);
		}
	}

	/**
	 * Performs a script. Consecutive steps that call custom tools are one batch, made
	 * together as one model response would make them; the turn waits until the
	 * application has answered them all.
	 */
	private void perform(List<Step> steps, TurnContext turn) {
		Set<String> customTools = turn.customToolNames();
		List<CustomToolCall> batch = new ArrayList<>();
		for (Step step : steps) {
			if (step instanceof ToolStep tool && customTools.contains(tool.tool())) {
				batch.add(new CustomToolCall(tool.tool(), tool.input()));
				continue;
			}
			if (!batch.isEmpty()) {
				turn.useCustomTools(List.copyOf(batch));
				batch.clear();
			}
			if (step instanceof ToolStep tool) {
				// A failing tool is part of what a script may want to show, so it goes
				// on.
				turn.useTool(tool.tool(), tool.input());
			}
			else if (step instanceof SayStep say) {
				turn.say(say.text());
			}
		}
		if (!batch.isEmpty()) {
			turn.useCustomTools(List.copyOf(batch));
		}
	}

	private void recall(String message, TurnContext turn) {
		List<Mount> mounts = turn.mounts();
		Reading reading = new Reading();
		for (Mount mount : mounts) {
			reading.readMount(mount, turn);
		}
		List<String> paragraphs = new ArrayList<>();
		if (RememberRequests.isRememberRequest(message)) {
			paragraphs.add(remember(message, mounts, reading, turn));
		}
		if (mounts.isEmpty()) {
			paragraphs.add("No memory store is mounted, so there is no memory to recall.");
		}
		else {
			paragraphs.add(relevantLines(message, reading, mounts.size()));
		}
		if (reading.skipped > 0) {
			int listed = reading.reads + reading.skipped;
			paragraphs.add("Only the first " + MAX_FILES_READ + " of " + listed
					+ " memory files were read (stores in order, paths sorted); " + reading.skipped + " were skipped.");
		}
		for (String failure : reading.failures.values()) {
			paragraphs.add(Character.toUpperCase(failure.charAt(0)) + failure.substring(1));
		}
		turn.say(String.join("\n\n", paragraphs));
	}

	private String remember(String message, List<Mount> mounts, Reading reading, TurnContext turn) {
		Mount target = mounts.stream().filter((mount) -> !mount.readOnly()).findFirst().orElse(null);
		if (target == null) {
			return "I could not note this: no writable memory store is mounted.";
		}
		NoteFile note = RememberRequests.noteFile(message);
		String path = target.mountPath() + "/" + note.relativePath();
		List<String> existing;
		if (!reading.listings.containsKey(target)) {
			return "I could not note this: " + reading.failures.get(target.mountPath());
		}
		if (reading.failures.containsKey(path)) {
			return "I could not note this: " + reading.failures.get(path);
		}
		if (reading.files.containsKey(path)) {
			existing = reading.files.get(path).lines();
		}
		else if (reading.listings.get(target).contains(path)) {
			// Listed but beyond the read limit: appending needs what is there.
			ToolResult read = turn.useTool("read", Map.of("file_path", path));
			if (read.isError()) {
				return "I could not note this: reading " + path + " failed: " + text(read);
			}
			existing = contentLines(raw(read));
		}
		else {
			existing = List.of();
		}
		String bullet = RememberRequests.noteLine(turn.now(), message);
		String body = String.join("\n", existing);
		String content = body.isBlank() ? note.heading() + "\n\n" + bullet + "\n" : body + "\n" + bullet + "\n";
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("file_path", path);
		input.put("content", content);
		ToolResult write = turn.useTool("write", input);
		if (write.isError()) {
			return "I could not note this: writing " + path + " failed: " + text(write);
		}
		return "Noted in " + path + ".";
	}

	private String relevantLines(String message, Reading reading, int stores) {
		List<Match> matches = MemoryRelevance.rank(message, List.copyOf(reading.files.values()), MAX_ANSWER_LINES);
		if (matches.isEmpty()) {
			return "Nothing relevant was found in the mounted memory (" + count(reading.files.size(), "file")
					+ " read in " + count(stores, "store") + ").";
		}
		StringBuilder answer = new StringBuilder("From memory:");
		for (Match match : matches) {
			answer.append("\n- ").append(match.text()).append(" (").append(match.path()).append(')');
		}
		return answer.toString();
	}

	private static String count(int n, String noun) {
		return n + " " + noun + ((n == 1) ? "" : "s");
	}

	/**
	 * The lines of a file from the {@code read} tool's output, without the {@code cat -n}
	 * line numbers; a line without one is taken as it is.
	 */
	static List<String> contentLines(String output) {
		if (output.isEmpty()) {
			return List.of();
		}
		List<String> lines = new ArrayList<>(Arrays.asList(output.split("\n", -1)));
		if (lines.get(lines.size() - 1).isEmpty()) {
			lines.remove(lines.size() - 1);
		}
		List<String> content = new ArrayList<>(lines.size());
		for (String line : lines) {
			Matcher number = LINE_NUMBER.matcher(line);
			content.add(number.lookingAt() ? line.substring(number.end()) : line);
		}
		return content;
	}

	/**
	 * The absolute file paths in a {@code glob} output that lie in the mount, sorted;
	 * other lines (such as "No files found") are not paths.
	 */
	static List<String> listedPaths(String output, Mount mount) {
		TreeSet<String> paths = new TreeSet<>();
		for (String line : output.split("\n")) {
			String path = line.strip();
			if (path.startsWith(mount.mountPath() + "/") && !path.endsWith("/")) {
				paths.add(path);
			}
		}
		return List.copyOf(paths);
	}

	private static String text(ToolResult result) {
		return raw(result).strip();
	}

	private static String raw(ToolResult result) {
		return (result.text() != null) ? result.text() : "";
	}

	/**
	 * What the turn read from the mounts, in reading order; failures are keyed by the
	 * mount path or file path that failed.
	 */
	private static final class Reading {

		private final Map<Mount, List<String>> listings = new LinkedHashMap<>();

		private final Map<String, MemoryFile> files = new LinkedHashMap<>();

		private final Map<String, String> failures = new LinkedHashMap<>();

		private int reads;

		private int skipped;

		void readMount(Mount mount, TurnContext turn) {
			Map<String, Object> glob = new LinkedHashMap<>();
			glob.put("pattern", "**/*");
			glob.put("path", mount.mountPath());
			ToolResult listing = turn.useTool("glob", glob);
			if (listing.isError()) {
				this.failures.put(mount.mountPath(), "listing " + mount.mountPath() + " failed: " + text(listing));
				return;
			}
			List<String> paths = listedPaths(text(listing), mount);
			this.listings.put(mount, paths);
			for (String path : paths) {
				if (this.reads == MAX_FILES_READ) {
					this.skipped++;
					continue;
				}
				this.reads++;
				ToolResult read = turn.useTool("read", Map.of("file_path", path));
				if (read.isError()) {
					this.failures.put(path, "reading " + path + " failed: " + text(read));
				}
				else {
					this.files.put(path, new MemoryFile(path, contentLines(raw(read))));
				}
			}
		}

	}

}
