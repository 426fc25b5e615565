package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.Usage;

import dev.memstore.agent.AgentTool;
import dev.memstore.sandbox.SandboxService;
import dev.memstore.sandbox.ToolDefinition;
import dev.memstore.session.ModelUsage;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.ModelRequestStart;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.SessionEventService.CustomToolCall;
import dev.memstore.session.StopReason;
import dev.memstore.session.Turn;

import org.springframework.stereotype.Component;

/**
 * The agent loop on Claude: each round sends the agent's system prompt with the mount
 * notes, the sandbox tools and the conversation rebuilt from the event log, records what
 * Claude answers, runs the tools it calls, and goes on until Claude ends its turn or the
 * turn has used its tool rounds. A call the application answers (a custom tool, a
 * built-in tool whose policy asks, in a self-hosted session every built-in tool call)
 * pauses the turn; it goes on from the log once every call of the response is answered.
 */
@Component
class ClaudeAgent {

	/**
	 * Model responses in a row that may be cut off by the output limit in the middle of a
	 * tool call before the turn ends; each gets an error result telling the model so.
	 */
	static final int MAX_CUT_OFF_RESPONSES = 3;

	private final ClaudeClient client;

	private final ClaudeProperties properties;

	private final SessionEventService events;

	private final SandboxService sandbox;

	ClaudeAgent(ClaudeClient client, ClaudeProperties properties, SessionEventService events, SandboxService sandbox) {
		this.client = client;
		this.properties = properties;
		this.events = events;
		this.sandbox = sandbox;
	}

	boolean available() {
		return this.client.available();
	}

	/**
	 * Runs the turn, or what is left of it when it is resumed.
	 * @return the session's stop reason
	 * @throws ModelFailure when a request to Claude fails
	 * @throws TurnLimits.Reached when the turn used up its tool rounds or another of its
	 * limits
	 */
	StopReason runTurn(Turn turn, String model, RecordingTurnContext context) {
		context.settleOpenCalls();
		List<Tool> tools = tools(turn, context);
		String system = system(turn);
		long budgetChars = (long) this.properties.contextTokens() * ClaudeConversation.CHARS_PER_TOKEN - system.length()
				- tools.toString().length();
		int cutOff = 0;
		while (true) {
			context.checkStep();
			ClaudeConversation conversation = ClaudeConversation.of(this.events.conversation(turn.sessionId()),
					budgetChars, this.properties.maxToolResultChars());
			if (conversation.answered()) {
				return StopReason.END_TURN;
			}
			if (conversation.toolRounds() >= this.properties.maxToolRounds()) {
				throw new TurnLimits.Reached("the turn used all " + this.properties.maxToolRounds()
						+ " of its tool rounds (memstore.model.claude.max-tool-rounds) and was ended;"
						+ " send another message to let the agent go on");
			}
			Message answer = ask(turn.sessionId(), request(model, system, tools, conversation));
			boolean cutOffCall = answer.stopReason()
				.filter(com.anthropic.models.messages.StopReason.MAX_TOKENS::equals)
				.isPresent() && answer.content().stream().anyMatch(ContentBlock::isToolUse);
			cutOff = cutOffCall ? cutOff + 1 : 0;
			if (cutOff >= MAX_CUT_OFF_RESPONSES) {
				throw new TurnLimits.Reached(MAX_CUT_OFF_RESPONSES + " model responses in a row were cut off by the"
						+ " output limit (memstore.model.claude.max-output-tokens = "
						+ this.properties.maxOutputTokens() + ") in the middle of a tool call; none of those calls"
						+ " ran, and the turn was ended. Ask for smaller steps, or raise the limit");
			}
			Set<String> customTools = context.customToolNames();
			List<SessionEvent> calls = new ArrayList<>();
			List<CustomToolCall> customBatch = new ArrayList<>();
			for (ContentBlock block : answer.content()) {
				if (block.toolUse().isPresent() && customTools.contains(block.toolUse().get().name()) && !cutOffCall) {
					customBatch.add(new CustomToolCall(block.toolUse().get().name(), input(block.toolUse().get())));
					continue;
				}
				calls.addAll(context.recordCustomToolUses(customBatch));
				customBatch.clear();
				block.text().filter((text) -> !text.text().isBlank()).ifPresent((text) -> context.say(text.text()));
				block.toolUse()
					.ifPresent((use) -> calls.add(cutOffCall ? context.recordCutOffToolUse(use.name(), input(use))
							: context.recordToolUse(use.name(), input(use))));
			}
			calls.addAll(context.recordCustomToolUses(customBatch));
			if (calls.isEmpty()) {
				return answer.stopReason().filter(com.anthropic.models.messages.StopReason.REFUSAL::equals).isPresent()
						? StopReason.REFUSAL : StopReason.END_TURN;
			}
			boolean waiting = false;
			for (SessionEvent call : calls) {
				if (cutOffCall && call instanceof AgentToolUse use) {
					context.recordCutOff(use, this.properties.maxOutputTokens());
				}
				else if (call instanceof AgentToolUse use && !use.asks()) {
					// null: the self-hosted worker runs it, and the turn waits for its
					// result.
					waiting |= context.runRecordedTool(use) == null;
				}
				else {
					waiting = true;
				}
			}
			if (waiting) {
				throw new RecordingTurnContext.Paused();
			}
		}
	}

	/**
	 * What Claude may call: the built-in tools the agent enabled (the sandbox's, or in a
	 * self-hosted session the worker's), then the agent's custom tools with their
	 * schemas.
	 */
	private List<Tool> tools(Turn turn, RecordingTurnContext context) {
		List<Tool> tools = new ArrayList<>();
		List<ToolDefinition> builtIn = turn.selfHosted() ? SelfHostedMachine.tools(context.enabledTools())
				: this.sandbox.toolDefinitions(context.enabledTools());
		for (ToolDefinition tool : builtIn) {
			tools.add(tool(tool.name(), tool.description(), tool.inputSchema()));
		}
		for (AgentTool.CustomTool tool : turn.agent().customTools()) {
			tools.add(tool(tool.name(), tool.description(), tool.inputSchema()));
		}
		return tools;
	}

	private static Tool tool(String name, String description, Object inputSchema) {
		return Tool.builder()
			.name(name)
			.description(description)
			.inputSchema(JsonValue.from(inputSchema).convert(Tool.InputSchema.class))
			.build();
	}

	private Message ask(String sessionId, MessageCreateParams request) {
		ModelRequestStart start = this.events.startModelRequest(sessionId, request.model().asString());
		Message answer;
		try {
			answer = this.client.create(request);
		}
		catch (ModelFailure ex) {
			this.events.endModelRequest(sessionId, start, true, ModelUsage.NONE);
			throw ex;
		}
		this.events.endModelRequest(sessionId, start, false, usage(answer.usage()));
		return answer;
	}

	private String system(Turn turn) {
		String text = turn.agent().system();
		String notes = turn.selfHosted() ? SelfHostedMachine.notes(this.sandbox.mountList(turn.mounts()))
				: this.sandbox.mountNotes(turn.mounts());
		if (text != null && !text.isBlank()) {
			return notes.isEmpty() ? text : text + "\n\n" + notes;
		}
		return notes;
	}

	/**
	 * The request of one round. The system prompt and the end of the conversation are
	 * marked for prompt caching, so that each round pays full price only for what is new.
	 */
	private MessageCreateParams request(String model, String system, List<Tool> tools,
			ClaudeConversation conversation) {
		MessageCreateParams.Builder request = MessageCreateParams.builder()
			.model(model)
			.maxTokens(this.properties.maxOutputTokens());
		if (!system.isEmpty()) {
			request.systemOfTextBlockParams(List.of(TextBlockParam.builder()
				.text(system)
				.cacheControl(CacheControlEphemeral.builder().build())
				.build()));
		}
		tools.forEach(request::addTool);
		return request.messages(conversation.messageParams()).build();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> input(ToolUseBlock use) {
		Object input = use._input().convert(Object.class);
		return (input instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static ModelUsage usage(Usage usage) {
		long cache1h = usage.cacheCreation().map((creation) -> creation.ephemeral1hInputTokens()).orElse(0L);
		long cacheCreation = usage.cacheCreationInputTokens().orElse(0L);
		long cache5m = usage.cacheCreation()
			.map((creation) -> creation.ephemeral5mInputTokens())
			.orElse(Math.max(0, cacheCreation - cache1h));
		return new ModelUsage(usage.inputTokens(), usage.outputTokens(), cache5m, cache1h,
				usage.cacheReadInputTokens().orElse(0L));
	}

}
