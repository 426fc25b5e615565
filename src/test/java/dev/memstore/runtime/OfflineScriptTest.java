package dev.memstore.runtime;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import dev.memstore.runtime.OfflineScript.InvalidScriptException;
import dev.memstore.runtime.OfflineScript.SayStep;
import dev.memstore.runtime.OfflineScript.Step;
import dev.memstore.runtime.OfflineScript.ToolStep;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

@Tag("fast")
class OfflineScriptTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void findReturnsTheStepsInOrderWithInputsAsPlainMapsAndLists() {
		String message = """
				Please run this:
				```memstore-script
				[
				  {"tool": "write", "input": {"file_path": "/mnt/memory/acme/a.md", "content": "hi\\n"}},
				  {"say": "written"},
				  {"tool": "grep", "input": {"pattern": "x", "options": {"n": 3, "deep": [true, null, 1.50]}}},
				  {"tool": "bash", "input": {}}
				]
				```
				Thanks.""";

		List<Step> steps = OfflineScript.find(message).orElseThrow();

		Map<String, Object> options = new LinkedHashMap<>();
		options.put("n", 3);
		options.put("deep", java.util.Arrays.asList(true, null, new BigDecimal("1.50")));
		assertThat(steps).containsExactly(
				new ToolStep("write", Map.of("file_path", "/mnt/memory/acme/a.md", "content", "hi\n")),
				new SayStep("written"), new ToolStep("grep", Map.of("pattern", "x", "options", options)),
				new ToolStep("bash", Map.of()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "no script here", "```json\n[{\"say\": \"x\"}]\n```",
			"Write ```memstore-script``` blocks to script a turn", " ```memstore-script\n[{\"say\": \"x\"}]\n ```",
			"```memstore-scripts\n[{\"say\": \"x\"}]\n```", "```memstore-script json\n[{\"say\": \"x\"}]\n```",
			"```MEMSTORE-SCRIPT\n[{\"say\": \"x\"}]\n```",
			"````markdown\n```memstore-script\n[{\"say\": \"x\"}]\n```\n````",
			"```text\nnever closed\n```memstore-script\n[{\"say\": \"x\"}]\n```", "" })
	void findReturnsEmptyWhenNoLineOpensAScriptBlock(String message) {
		assertThat(OfflineScript.find(message)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "```memstore-script\n[{\"say\": \"x\"}]\n```",
			"before\n``` memstore-script \r\n[{\"say\": \"x\"}]\r\n```  \r\nafter",
			"````memstore-script\n[{\"say\": \"x\"}]\n`````",
			"```text\nshown\n```\n```memstore-script\n[{\"say\": \"x\"}]\n```",
			"```memstore-script\r[{\"say\": \"x\"}]\r```" })
	void findAcceptsEveryFenceTheDefinitionAllows(String message) {
		assertThat(OfflineScript.find(message)).contains(List.of(new SayStep("x")));
	}

	@Test
	void findRejectsABlockThatIsNeverClosed() {
		assertInvalid("intro\n````memstore-script\n[{\"say\": \"x\"}]\n```",
				"the memstore-script block opened on line 2 is not closed; end it with a line holding only ````");
	}

	@Test
	void findRejectsSeveralScriptBlocks() {
		String block = "```memstore-script\n[{\"say\": \"x\"}]\n```\n";

		assertInvalid(block + "and\n" + block + block, "the message has 3 memstore-script blocks; send exactly one");
	}

	static Stream<Arguments> invalidScripts() {
		return Stream.of(
				Arguments.of("",
						"the memstore-script block is empty; write a JSON array of steps such as [{\"say\": \"hi\"}]"),
				Arguments.of("  \n ",
						"the memstore-script block is empty; write a JSON array of steps such as [{\"say\": \"hi\"}]"),
				Arguments.of("[1,",
						"invalid JSON at line 1, column 4: Unexpected end-of-input within/between Array entries"),
				Arguments.of("[\n{\"say\": \"x\",}\n]",
						"invalid JSON at line 2, column 13: Unexpected character ('}' (code 125)): was expecting double-quote to start property name"),
				Arguments.of("[{\"say\": \"a\", \"say\": \"b\"}]",
						"invalid JSON at line 1, column 20: Duplicate Object property \"say\""),
				Arguments.of("[{\"say\": \"a\"]",
						"invalid JSON at line 1, column 13: Unexpected close marker ']': expected '}'"),
				Arguments.of("[{\"say\": \"a\"}] []",
						"invalid JSON at line 1, column 16: unexpected content after the array; the block holds one JSON array"),
				Arguments.of("[{\"say\": \"a\"}] // done",
						"invalid JSON at line 1, column 16: Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)"),
				Arguments.of("{\"say\": \"hi\"}", "the script must be a JSON array of steps, not an object"),
				Arguments.of("\"hi\"", "the script must be a JSON array of steps, not a string"),
				Arguments.of("[]", "the script has no steps; give at least one"),
				Arguments.of("[{\"say\": \"a\"}, \"read\"]",
						"step 2: expected an object {\"tool\": \"read\", \"input\": {...}} or {\"say\": \"...\"}, got a string"),
				Arguments.of("[[]]",
						"step 1: expected an object {\"tool\": \"read\", \"input\": {...}} or {\"say\": \"...\"}, got an array"),
				Arguments.of("[{\"tool\": \"read\", \"input\": {}, \"say\": \"x\"}]",
						"step 1: has both \"tool\" and \"say\"; a step either calls a tool or says something"),
				Arguments.of("[{\"input\": {}}]",
						"step 1: has neither \"tool\" nor \"say\"; write {\"tool\": \"read\", \"input\": {...}} or {\"say\": \"...\"}"),
				Arguments.of("[{}]",
						"step 1: has neither \"tool\" nor \"say\"; write {\"tool\": \"read\", \"input\": {...}} or {\"say\": \"...\"}"),
				Arguments.of("[{\"tool\": \"read\", \"input\": {}, \"why\": 1}]",
						"step 1: unexpected key \"why\"; a tool step has only \"tool\" and \"input\""),
				Arguments.of("[{\"say\": \"x\", \"to\": \"me\"}]",
						"step 1: unexpected key \"to\"; a say step has only \"say\""),
				Arguments.of("[{\"tool\": 7, \"input\": {}}]", "step 1: \"tool\" must be a string, got a number"),
				Arguments.of("[{\"say\": \"a\"}, {\"say\": \"b\"}, {\"tool\": \"rmdir\", \"input\": {}}]",
						"step 3: unknown tool 'rmdir'; use read, write, edit, glob, grep or bash"),
				Arguments.of("[{\"tool\": \"Read\", \"input\": {}}]",
						"step 1: unknown tool 'Read'; use read, write, edit, glob, grep or bash"),
				Arguments.of("[{\"tool\": \"web_fetch\", \"input\": {}}]",
						"step 1: unknown tool 'web_fetch'; use read, write, edit, glob, grep or bash"),
				Arguments.of("[{\"tool\": \"read\"}]",
						"step 1: tool step needs \"input\", an object such as {\"file_path\": \"...\"} or {}"),
				Arguments.of("[{\"tool\": \"read\", \"input\": [\"/a.md\"]}]",
						"step 1: \"input\" must be an object, got an array"),
				Arguments.of("[{\"tool\": \"read\", \"input\": null}]",
						"step 1: \"input\" must be an object, got null"),
				Arguments.of("[{\"say\": null}]", "step 1: \"say\" must be a string, got null"),
				Arguments.of("[{\"say\": true}]", "step 1: \"say\" must be a string, got a boolean"),
				Arguments.of("[{\"say\": \"\"}]", "step 1: \"say\" must not be empty"));
	}

	@ParameterizedTest
	@MethodSource("invalidScripts")
	void findRejectsAnInvalidScriptWithItsPreciseReason(String body, String reason) {
		assertInvalid("Run:\n```memstore-script\n" + body + "\n```\n", reason);
	}

	@Test
	void generatedScriptsRoundTripThroughTheParser() {
		Random random = new Random(20260722L);
		for (int run = 0; run < 500; run++) {
			List<Step> steps = new ArrayList<>();
			List<Map<String, Object>> json = new ArrayList<>();
			for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
				if (random.nextInt(10) < 3) {
					String text = text(random, 1 + random.nextInt(40));
					steps.add(new SayStep(text));
					json.add(Map.of("say", text));
				}
				else {
					String tool = OfflineScript.TOOLS.get(random.nextInt(OfflineScript.TOOLS.size()));
					Map<String, Object> input = object(random, 2);
					steps.add(new ToolStep(tool, input));
					Map<String, Object> step = new LinkedHashMap<>();
					step.put("tool", tool);
					step.put("input", input);
					json.add(step);
				}
			}
			String body = random.nextBoolean() ? JSON.writeValueAsString(json)
					: JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
			String message = prose(random) + "```memstore-script\n" + body + "\n```\n" + prose(random);

			assertThat(OfflineScript.find(message)).as(message).contains(steps);
		}
	}

	@Test
	void damagedScriptsAreRefusedWithAReasonNeverWithAnotherFailure() {
		Random random = new Random(7L);
		String valid = "```memstore-script\n[{\"tool\": \"read\", \"input\": {\"file_path\": \"/mnt/memory/a/b.md\"}},"
				+ " {\"say\": \"done\"}, {\"tool\": \"edit\", \"input\": {\"old_string\": \"a\", \"new_string\": \"b\"}}]\n```";
		String alphabet = "{}[]\":,` \n\\atoolsayinput0123";
		int refused = 0;
		for (int run = 0; run < 2000; run++) {
			StringBuilder damaged = new StringBuilder(valid);
			for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
				int at = random.nextInt(damaged.length());
				char c = alphabet.charAt(random.nextInt(alphabet.length()));
				switch (random.nextInt(3)) {
					case 0 -> damaged.deleteCharAt(at);
					case 1 -> damaged.insert(at, c);
					default -> damaged.setCharAt(at, c);
				}
			}
			try {
				Optional<List<Step>> steps = OfflineScript.find(damaged.toString());
				steps.orElse(List.of()).forEach((step) -> {
					if (step instanceof ToolStep tool) {
						assertThat(OfflineScript.TOOLS).contains(tool.tool());
					}
					else {
						assertThat(((SayStep) step).text()).isNotEmpty();
					}
				});
			}
			catch (InvalidScriptException ex) {
				refused++;
				assertThat(ex.getMessage()).isNotBlank().doesNotContain("java.", "Source: ");
			}
			catch (RuntimeException ex) {
				fail("damaged script " + damaged + " failed with " + ex);
			}
		}
		assertThat(refused).isGreaterThan(500);
	}

	private static void assertInvalid(String message, String reason) {
		assertThatExceptionOfType(InvalidScriptException.class).isThrownBy(() -> OfflineScript.find(message))
			.withMessage(reason);
	}

	private static Map<String, Object> object(Random random, int depth) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0, n = random.nextInt(4); i < n; i++) {
			object.put(text(random, 1 + random.nextInt(10)), value(random, depth));
		}
		return object;
	}

	private static Object value(Random random, int depth) {
		return switch (random.nextInt((depth > 0) ? 9 : 7)) {
			case 0 -> text(random, random.nextInt(30));
			case 1 -> random.nextInt();
			// Outside the int range, as the parser reads smaller integers as Integer.
			case 2 -> (long) Integer.MAX_VALUE + 1 + random.nextInt(Integer.MAX_VALUE);
			case 3 -> BigDecimal.valueOf(random.nextInt(1_000_000), 1 + random.nextInt(6));
			case 4 -> random.nextBoolean();
			case 5 -> null;
			case 6 -> "/mnt/memory/acme/" + text(random, 5) + ".md";
			case 7 -> {
				List<Object> list = new ArrayList<>();
				for (int i = 0, n = random.nextInt(4); i < n; i++) {
					list.add(value(random, depth - 1));
				}
				yield list;
			}
			default -> object(random, depth - 1);
		};
	}

	private static String text(Random random, int length) {
		String alphabet = "abcXYZ019 \"'\\/\n\t`{}[]:,#äé漢😀";
		StringBuilder text = new StringBuilder();
		while (text.codePointCount(0, text.length()) < length) {
			int at = random.nextInt(alphabet.codePointCount(0, alphabet.length()));
			text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, at)));
		}
		return text.toString();
	}

	private static String prose(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> "";
			case 1 -> "Please run this script.\n\n";
			case 2 -> "```text\nan example, not a script\n```\n";
			default -> "Step one:\n```json\n{\"not\": \"this\"}\n```\nthen:\n";
		};
	}

}
