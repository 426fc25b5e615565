package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code memstore-script} block in a user message: the exact tool calls and answers the
 * offline agent performs instead of recalling memory, so that tests and demos can drive a
 * session step by step.
 * <p>
 * A fence line starts at the first column with three or more backticks; the rest of the
 * line, trimmed, is its info string, which may not contain a backtick. A fenced block
 * ends at the first later line holding only backticks, at least as many as opened it
 * (trailing spaces allowed), or at the end of the message. The script block is the fenced
 * block whose info string is exactly {@code memstore-script}; fence lines inside other
 * fenced blocks are content, as in CommonMark.
 */
final class OfflineScript {

	static final String INFO_STRING = "memstore-script";

	static final List<String> TOOLS = List.of("read", "write", "edit", "glob", "grep", "bash");

	private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

	private static final Pattern OPENING_FENCE = Pattern.compile("(`{3,})([^`]*)");

	private static final Pattern CLOSING_FENCE = Pattern.compile("(`{3,})[ \t]*");

	private static final String STEP_FORMS = "{\"tool\": \"read\", \"input\": {...}} or {\"say\": \"...\"}";

	// Strict on purpose: a script that means something else than it says is worse than
	// one that is refused.
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private OfflineScript() {
	}

	/**
	 * The steps of the message's script block, or empty when the message has none.
	 * @throws InvalidScriptException when the message has a script block that cannot run
	 */
	static Optional<List<Step>> find(String message) {
		return find(message, Set.of());
	}

	/**
	 * The steps of the message's script block, where a tool step may also name one of the
	 * agent's custom tools.
	 * @throws InvalidScriptException when the message has a script block that cannot run
	 */
	static Optional<List<Step>> find(String message, Set<String> customTools) {
		String[] lines = LINE_BREAK.split(message, -1);
		List<String> bodies = new ArrayList<>();
		int line = 0;
		while (line < lines.length) {
			Matcher opening = OPENING_FENCE.matcher(lines[line]);
			if (!opening.matches()) {
				line++;
				continue;
			}
			String fence = opening.group(1);
			boolean script = opening.group(2).strip().equals(INFO_STRING);
			int closing = closingLine(lines, line + 1, fence.length());
			if (script && closing < 0) {
				throw new InvalidScriptException("the memstore-script block opened on line " + (line + 1)
						+ " is not closed; end it with a line holding only " + fence);
			}
			if (script) {
				bodies.add(String.join("\n", List.of(lines).subList(line + 1, closing)));
			}
			if (closing < 0) {
				break;
			}
			line = closing + 1;
		}
		if (bodies.size() > 1) {
			throw new InvalidScriptException(
					"the message has " + bodies.size() + " memstore-script blocks; send exactly one");
		}
		return bodies.isEmpty() ? Optional.empty() : Optional.of(parse(bodies.get(0), customTools));
	}

	private static int closingLine(String[] lines, int from, int fenceLength) {
		for (int line = from; line < lines.length; line++) {
			Matcher closing = CLOSING_FENCE.matcher(lines[line]);
			if (closing.matches() && closing.group(1).length() >= fenceLength) {
				return line;
			}
		}
		return -1;
	}

	/**
	 * The steps of a script body: a JSON array of at least one step.
	 * @throws InvalidScriptException when the body is not such an array
	 */
	static List<Step> parse(String body) {
		return parse(body, Set.of());
	}

	/**
	 * The steps of a script body whose tool steps may also name the given custom tools.
	 * @throws InvalidScriptException when the body is not such an array
	 */
	static List<Step> parse(String body, Set<String> customTools) {
		if (body.isBlank()) {
			throw new InvalidScriptException(
					"the memstore-script block is empty; write a JSON array of steps such as [{\"say\": \"hi\"}]");
		}
		Object root;
		try {
			root = JSON.readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			throw new InvalidScriptException(jsonError(ex));
		}
		if (!(root instanceof List<?> elements)) {
			throw new InvalidScriptException("the script must be a JSON array of steps, not " + describe(root));
		}
		if (elements.isEmpty()) {
			throw new InvalidScriptException("the script has no steps; give at least one");
		}
		List<Step> steps = new ArrayList<>(elements.size());
		for (int index = 0; index < elements.size(); index++) {
			steps.add(step(index + 1, elements.get(index), customTools));
		}
		return List.copyOf(steps);
	}

	private static Step step(int number, Object element, Set<String> customTools) {
		if (!(element instanceof Map<?, ?> fields)) {
			throw invalidStep(number, "expected an object " + STEP_FORMS + ", got " + describe(element));
		}
		boolean tool = fields.containsKey("tool");
		boolean say = fields.containsKey("say");
		if (tool && say) {
			throw invalidStep(number, "has both \"tool\" and \"say\"; a step either calls a tool or says something");
		}
		if (!tool && !say) {
			throw invalidStep(number, "has neither \"tool\" nor \"say\"; write " + STEP_FORMS);
		}
		return say ? sayStep(number, fields) : toolStep(number, fields, customTools);
	}

	private static SayStep sayStep(int number, Map<?, ?> fields) {
		rejectOtherKeys(number, fields, Set.of("say"), "a say step has only \"say\"");
		if (!(fields.get("say") instanceof String text)) {
			throw invalidStep(number, "\"say\" must be a string, got " + describe(fields.get("say")));
		}
		if (text.isEmpty()) {
			throw invalidStep(number, "\"say\" must not be empty");
		}
		return new SayStep(text);
	}

	@SuppressWarnings("unchecked")
	private static ToolStep toolStep(int number, Map<?, ?> fields, Set<String> customTools) {
		rejectOtherKeys(number, fields, Set.of("tool", "input"), "a tool step has only \"tool\" and \"input\"");
		if (!(fields.get("tool") instanceof String name)) {
			throw invalidStep(number, "\"tool\" must be a string, got " + describe(fields.get("tool")));
		}
		if (!TOOLS.contains(name) && !customTools.contains(name)) {
			throw invalidStep(number,
					"unknown tool '" + name + "'; use read, write, edit, glob, grep or bash" + (customTools.isEmpty()
							? "" : ", or one of the agent's custom tools: " + String.join(", ", customTools)));
		}
		if (!fields.containsKey("input")) {
			throw invalidStep(number, "tool step needs \"input\", an object such as {\"file_path\": \"...\"} or {}");
		}
		if (!(fields.get("input") instanceof Map<?, ?> input)) {
			throw invalidStep(number, "\"input\" must be an object, got " + describe(fields.get("input")));
		}
		// JSON object keys are always strings.
		return new ToolStep(name, Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) input)));
	}

	private static void rejectOtherKeys(int number, Map<?, ?> fields, Set<String> allowed, String rule) {
		for (Object key : fields.keySet()) {
			if (!allowed.contains(key)) {
				throw invalidStep(number, "unexpected key \"" + key + "\"; " + rule);
			}
		}
	}

	private static InvalidScriptException invalidStep(int number, String reason) {
		return new InvalidScriptException("step " + number + ": " + reason);
	}

	private static String jsonError(JacksonException ex) {
		String where = (ex.getLocation() != null && ex.getLocation().getLineNr() > 0)
				? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
		String message = Objects.requireNonNullElse(ex.getOriginalMessage(), "unreadable");
		if (ex instanceof MismatchedInputException && message.startsWith("Trailing token")) {
			// Jackson words this in terms of Java binding, which says nothing to a script
			// author.
			return "invalid JSON" + where + ": unexpected content after the array; the block holds one JSON array";
		}
		// The location is already given in script terms, and Jackson's hints name its own
		// settings.
		for (String noise : List.of(" (start marker at", " (for Object starting at", " (for Array starting at",
				" at [Source", "[Source", ": enable `", "\n")) {
			int cut = message.indexOf(noise);
			message = (cut < 0) ? message : message.substring(0, cut);
		}
		return "invalid JSON" + where + ": " + message;
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String) {
			return "a string";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		if (value instanceof Number) {
			return "a number";
		}
		if (value instanceof List) {
			return "an array";
		}
		return "an object";
	}

	/**
	 * One step of a script.
	 */
	sealed interface Step permits ToolStep, SayStep {

	}

	/**
	 * Calls a file tool or one of the agent's custom tools with the given input, passed
	 * on as written.
	 */
	record ToolStep(String tool, Map<String, Object> input) implements Step {

	}

	/**
	 * Answers the user.
	 */
	record SayStep(String text) implements Step {

	}

	/**
	 * Why a script block cannot run, worded for the person who wrote it.
	 */
	static final class InvalidScriptException extends RuntimeException {

		InvalidScriptException(String reason) {
			super(reason);
		}

	}

}
