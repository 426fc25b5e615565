package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.memstore.session.EvaluatedPermission;
import dev.memstore.session.SessionEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class ClaudeConversationTest {

	private static final String LEFT_OUT = "[memstore: this tool result was left out to fit the model's context]";

	private final List<SessionEvent> events = new ArrayList<>();

	private long seq;

	@Test
	void singleUserMessageBecomesOneUserMessageWithItsTextBlock() {
		user("hello");

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		assertThat(conversation.messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("hello")))));
		assertThat(conversation.answered()).isFalse();
		assertThat(conversation.toolRounds()).isZero();
		assertThat(conversation.turnsLeftOut()).isZero();
	}

	@Test
	void roundWithTextAndTwoToolUsesThenTheirResultsBecomesAssistantThenUserWithResultsInOrder() {
		user("list and read");
		agentText("Let me look.");
		String ls = toolUse("bash", Map.of("command", "ls"));
		String read = toolUse("read", Map.of("path", "/a.txt"));
		toolResult(ls, "a.txt", false);
		toolResult(read, "content of a", false);

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		assertThat(conversation.messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("list and read"))),
					Map.of("role", "assistant", "content",
							List.of(textBlock("Let me look."), useBlock(ls, "bash", Map.of("command", "ls")),
									useBlock(read, "read", Map.of("path", "/a.txt")))),
					Map.of("role", "user", "content",
							List.of(resultBlock(ls, "a.txt", false), resultBlock(read, "content of a", false)))));
		assertThat(conversation.toolRounds()).isEqualTo(1);
		assertThat(conversation.answered()).isFalse();
	}

	@Test
	void interleavedUsesAndResultsBecomeTwoRounds() {
		user("go");
		String first = toolUse("bash", Map.of("command", "ls"));
		toolResult(first, "a.txt", false);
		String second = toolUse("bash", Map.of("command", "cat a.txt"));
		toolResult(second, "hello", false);

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		assertThat(conversation.messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("go"))),
					Map.of("role", "assistant", "content", List.of(useBlock(first, "bash", Map.of("command", "ls")))),
					Map.of("role", "user", "content", List.of(resultBlock(first, "a.txt", false))),
					Map.of("role", "assistant", "content",
							List.of(useBlock(second, "bash", Map.of("command", "cat a.txt")))),
					Map.of("role", "user", "content", List.of(resultBlock(second, "hello", false)))));
		assertThat(conversation.toolRounds()).isEqualTo(2);
	}

	@Test
	void toolUseWithoutRecordedResultGetsSyntheticErrorResult() {
		user("go");
		String answered = toolUse("bash", Map.of("command", "ls"));
		String lost = toolUse("write", Map.of("path", "/b.txt"));
		toolResult(answered, "a.txt", false);

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		List<Map<String, Object>> messages = conversation.messages();
		assertThat(messages).extracting((message) -> message.get("role")).containsExactly("user", "assistant", "user");
		List<Map<String, Object>> results = content(messages.get(2));
		assertThat(results).hasSize(2);
		assertThat(results.get(0)).isEqualTo(resultBlock(answered, "a.txt", false));
		Map<String, Object> synthetic = results.get(1);
		assertThat(synthetic).containsEntry("type", "tool_result")
			.containsEntry("tool_use_id", lost)
			.containsEntry("is_error", true);
		assertThat((String) synthetic.get("content")).contains("write")
			.contains("was not run")
			.contains("result was not recorded");
		assertThat(conversation.toolRounds()).isEqualTo(1);
	}

	@Test
	void toolUseAloneWithoutResultStillGetsAResult() {
		user("go");
		String lost = toolUse("bash", Map.of("command", "sleep 100"));

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		List<Map<String, Object>> messages = conversation.messages();
		assertThat(messages).extracting((message) -> message.get("role")).containsExactly("user", "assistant", "user");
		assertThat(content(messages.get(1))).containsExactly(useBlock(lost, "bash", Map.of("command", "sleep 100")));
		assertThat(content(messages.get(2))).singleElement().satisfies((result) -> {
			assertThat(result).containsEntry("tool_use_id", lost).containsEntry("is_error", true);
			assertThat((String) result.get("content")).contains("not run").contains("not recorded");
		});
		assertThat(conversation.answered()).isFalse();
	}

	@Test
	void interruptedTurnEndingOnToolResultsIsMergedWithTheNextUserMessage() {
		user("first");
		String use = toolUse("bash", Map.of("command", "ls"));
		toolResult(use, "a.txt", false);
		user("second");

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		assertThat(conversation.messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("first"))),
					Map.of("role", "assistant", "content", List.of(useBlock(use, "bash", Map.of("command", "ls")))),
					Map.of("role", "user", "content", List.of(resultBlock(use, "a.txt", false), textBlock("second")))));
		assertThat(conversation.answered()).isFalse();
		assertThat(conversation.toolRounds()).isZero();
	}

	@Test
	void interruptedTurnWithUnansweredToolUseIsMergedWithTheNextUserMessage() {
		user("first");
		String use = toolUse("bash", Map.of("command", "ls"));
		user("second");

		List<Map<String, Object>> messages = ClaudeConversation.of(this.events, 100_000, 1000).messages();

		assertThat(messages).extracting((message) -> message.get("role")).containsExactly("user", "assistant", "user");
		List<Map<String, Object>> last = content(messages.get(2));
		assertThat(last).hasSize(2);
		assertThat(last.get(0)).containsEntry("type", "tool_result")
			.containsEntry("tool_use_id", use)
			.containsEntry("is_error", true);
		assertThat(last.get(1)).isEqualTo(textBlock("second"));
	}

	@Test
	void userMessagesWithoutAgentEventsInBetweenAreMerged() {
		user("first");
		user("second");

		assertThat(ClaudeConversation.of(this.events, 100_000, 1000).messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("first"), textBlock("second")))));
	}

	@Test
	void finishedTurnIsAnswered() {
		user("go");
		String use = toolUse("bash", Map.of("command", "ls"));
		toolResult(use, "a.txt", false);
		agentText("There is a.txt.");

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		assertThat(conversation.answered()).isTrue();
		assertThat(conversation.messages()).last()
			.isEqualTo(Map.of("role", "assistant", "content", List.of(textBlock("There is a.txt."))));
		assertThat(conversation.toolRounds()).isEqualTo(1);
	}

	@Test
	void longToolResultIsTruncatedWithMarkerAndShortOneIsUntouched() {
		user("go");
		String longUse = toolUse("bash", Map.of("command", "cat big"));
		String exactUse = toolUse("bash", Map.of("command", "cat exact"));
		String shortUse = toolUse("bash", Map.of("command", "cat small"));
		toolResult(longUse, "0123456789abcdefghijklmno", false);
		toolResult(exactUse, "0123456789", false);
		toolResult(shortUse, "tiny", false);

		List<Map<String, Object>> results = content(ClaudeConversation.of(this.events, 100_000, 10).messages().get(2));

		String truncated = (String) results.get(0).get("content");
		assertThat(truncated).startsWith("0123456789\n")
			.doesNotContain("abcdefghijklmno")
			.contains("output truncated")
			.contains("10 of 25 characters");
		assertThat(results.get(1).get("content")).isEqualTo("0123456789");
		assertThat(results.get(2).get("content")).isEqualTo("tiny");
	}

	@Test
	void emptyToolResultBecomesNoOutput() {
		user("go");
		String empty = toolUse("bash", Map.of("command", "true"));
		String missing = toolUse("bash", Map.of("command", "true"));
		toolResult(empty, "", false);
		event(new SessionEvent.AgentToolResult(nextId(), missing, List.of(), false, null));

		List<Map<String, Object>> results = content(ClaudeConversation.of(this.events, 100_000, 10).messages().get(2));

		assertThat(results).containsExactly(resultBlock(empty, "(no output)", false),
				resultBlock(missing, "(no output)", false));
	}

	@Test
	void errorToolResultKeepsIsError() {
		user("go");
		String use = toolUse("bash", Map.of("command", "false"));
		toolResult(use, "exit 1", true);

		List<Map<String, Object>> results = content(
				ClaudeConversation.of(this.events, 100_000, 1000).messages().get(2));

		assertThat(results).containsExactly(resultBlock(use, "exit 1", true));
	}

	@Test
	void oldestWholeTurnsAreLeftOutToFitTheBudget() {
		for (int turn = 1; turn <= 4; turn++) {
			user(turn + "q".repeat(499));
			agentText(turn + "a".repeat(499));
		}

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 2500, 1000);

		assertThat(conversation.turnsLeftOut()).isEqualTo(2);
		List<Map<String, Object>> messages = conversation.messages();
		assertThat(messages).extracting((message) -> message.get("role"))
			.containsExactly("user", "assistant", "user", "assistant");
		List<Map<String, Object>> first = content(messages.get(0));
		assertThat(first).hasSize(2);
		assertThat((String) first.get(0).get("text")).contains("2 earliest turns")
			.contains("left out to fit the model's context");
		assertThat(first.get(1)).isEqualTo(textBlock("3" + "q".repeat(499)));
		assertThat(content(messages.get(1))).containsExactly(textBlock("3" + "a".repeat(499)));
		assertThat(content(messages.get(2))).containsExactly(textBlock("4" + "q".repeat(499)));
		assertThat(content(messages.get(3))).containsExactly(textBlock("4" + "a".repeat(499)));
		assertThat(conversation.answered()).isTrue();
	}

	@Test
	void latestTurnStaysEvenWhenAloneItIsOverTheBudget() {
		user("old question " + "q".repeat(500));
		agentText("old answer");
		user("new question");
		agentText("new answer " + "a".repeat(500));

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 10, 1000);

		assertThat(conversation.turnsLeftOut()).isEqualTo(1);
		List<Map<String, Object>> messages = conversation.messages();
		assertThat(messages).extracting((message) -> message.get("role")).containsExactly("user", "assistant");
		List<Map<String, Object>> first = content(messages.get(0));
		assertThat((String) first.get(0).get("text")).contains("1 earliest turn ")
			.contains("left out to fit the model's context");
		assertThat(first.get(1)).isEqualTo(textBlock("new question"));
		assertThat(content(messages.get(1))).containsExactly(textBlock("new answer " + "a".repeat(500)));
	}

	@Test
	void toolResultsOfTheLatestTurnAreLeftOutOldestFirstWhenItIsOverTheBudget() {
		user("old question");
		agentText("old answer");
		user("new question");
		String first = toolUse("bash", Map.of("command", "cat one"));
		String second = toolUse("bash", Map.of("command", "cat two"));
		toolResult(first, "1".repeat(2000), false);
		toolResult(second, "2".repeat(2000), false);
		agentText("done");

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 3000, 10_000);

		assertThat(conversation.turnsLeftOut()).isEqualTo(1);
		List<Map<String, Object>> messages = conversation.messages();
		assertThat(messages).extracting((message) -> message.get("role"))
			.containsExactly("user", "assistant", "user", "assistant");
		assertThat(content(messages.get(0)).get(1)).isEqualTo(textBlock("new question"));
		assertThat(content(messages.get(2))).containsExactly(resultBlock(first, LEFT_OUT, false),
				resultBlock(second, "2".repeat(2000), false));
		assertThat(conversation.answered()).isTrue();
	}

	@Test
	void allToolResultsOfTheLatestTurnAreLeftOutWhenTheBudgetIsTiny() {
		user("question");
		String first = toolUse("bash", Map.of("command", "cat one"));
		toolResult(first, "1".repeat(2000), false);
		String second = toolUse("bash", Map.of("command", "cat two"));
		toolResult(second, "2".repeat(2000), false);

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 10, 10_000);

		List<Map<String, Object>> messages = conversation.messages();
		assertThat(conversation.turnsLeftOut()).isZero();
		assertThat(messages).hasSize(5);
		assertThat(content(messages.get(2))).containsExactly(resultBlock(first, LEFT_OUT, false));
		assertThat(content(messages.get(4))).containsExactly(resultBlock(second, LEFT_OUT, false));
	}

	@Test
	void onlyTextImageAndDocumentBlocksOfAUserMessageArePassed() {
		Map<String, Object> image = Map.of("type", "image", "source",
				Map.of("type", "base64", "media_type", "image/png", "data", "iVBOR"));
		Map<String, Object> document = Map.of("type", "document", "source",
				Map.of("type", "text", "media_type", "text/plain", "data", "notes"));
		event(new SessionEvent.UserMessage(nextId(),
				List.of(textBlock("look"), image, Map.of("type", "tool_result", "tool_use_id", "x"),
						Map.of("type", "thinking", "thinking", "hmm"), document),
				null));

		assertThat(ClaudeConversation.of(this.events, 100_000, 1000).messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("look"), image, document))));
	}

	@Test
	void userMessageWithoutUsableBlocksGetsAPlaceholder() {
		event(new SessionEvent.UserMessage(nextId(), List.of(Map.of("type", "tool_use", "id", "x")), null));
		event(new SessionEvent.UserMessage(nextId(), List.of(), null));

		List<Map<String, Object>> messages = ClaudeConversation.of(this.events, 100_000, 1000).messages();

		assertThat(messages).singleElement().satisfies((message) -> {
			assertThat(message).containsEntry("role", "user");
			assertThat(content(message)).hasSize(2).allSatisfy((block) -> {
				assertThat(block).containsEntry("type", "text");
				assertThat((String) block.get("text")).isNotBlank();
			});
		});
	}

	@Test
	void blankAgentTextIsNotSent() {
		user("go");
		event(new SessionEvent.AgentMessage(nextId(), List.of(SessionEvent.TextBlock.of("  \n "),
				SessionEvent.TextBlock.of("answer"), SessionEvent.TextBlock.of("")), null));
		user("again");
		agentText(" ");

		ClaudeConversation conversation = ClaudeConversation.of(this.events, 100_000, 1000);

		assertThat(conversation.messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("go"))),
					Map.of("role", "assistant", "content", List.of(textBlock("answer"))),
					Map.of("role", "user", "content", List.of(textBlock("again")))));
	}

	@Test
	void eventsBeforeTheFirstUserMessageAreIgnored() {
		agentText("stray");
		user("go");

		assertThat(ClaudeConversation.of(this.events, 100_000, 1000).messages())
			.isEqualTo(List.of(Map.of("role", "user", "content", List.of(textBlock("go")))));
	}

	@Test
	void toolRoundsCountsOnlyTheLatestTurn() {
		user("first");
		String a = toolUse("bash", Map.of("command", "a"));
		toolResult(a, "a", false);
		String b = toolUse("bash", Map.of("command", "b"));
		toolResult(b, "b", false);
		String c = toolUse("bash", Map.of("command", "c"));
		toolResult(c, "c", false);
		agentText("done");
		user("second");
		String d = toolUse("bash", Map.of("command", "d"));
		toolResult(d, "d", false);
		agentText("done again");

		assertThat(ClaudeConversation.of(this.events, 100_000, 1000).toolRounds()).isEqualTo(1);

		user("third");
		agentText("no tools needed");

		assertThat(ClaudeConversation.of(this.events, 100_000, 1000).toolRounds()).isZero();
	}

	private <E extends SessionEvent> E event(E event) {
		this.events.add(event);
		return event;
	}

	private String nextId() {
		this.seq++;
		return "sevt_" + this.seq;
	}

	private void user(String text) {
		event(new SessionEvent.UserMessage(nextId(), List.of(textBlock(text)), null));
	}

	private void agentText(String text) {
		event(new SessionEvent.AgentMessage(nextId(), List.of(SessionEvent.TextBlock.of(text)), null));
	}

	private String toolUse(String name, Map<String, Object> input) {
		return event(new SessionEvent.AgentToolUse(nextId(), name, input, EvaluatedPermission.ALLOW, null, null)).id();
	}

	private void toolResult(String useId, String text, boolean isError) {
		event(new SessionEvent.AgentToolResult(nextId(), useId, List.of(SessionEvent.TextBlock.of(text)), isError,
				null));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> content(Map<String, Object> message) {
		return (List<Map<String, Object>>) message.get("content");
	}

	private static Map<String, Object> textBlock(String text) {
		return Map.of("type", "text", "text", text);
	}

	private static Map<String, Object> useBlock(String id, String name, Map<String, Object> input) {
		return Map.of("type", "tool_use", "id", id, "name", name, "input", input);
	}

	private static Map<String, Object> resultBlock(String useId, String content, boolean isError) {
		return Map.of("type", "tool_result", "tool_use_id", useId, "content", content, "is_error", isError);
	}

}
