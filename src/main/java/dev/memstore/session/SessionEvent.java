package dev.memstore.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import dev.memstore.agent.AgentTool.PermissionPolicy;

/**
 * One event of a session, as the API shows it: a record per event type, named on the wire
 * by its {@code type}, which is written first and read to pick the record. The same
 * records are what the log stores, what the event list and the stream send, what the
 * Claude conversation is rebuilt from and what the admin transcript shows. Every record
 * has the {@code id} and the {@code processed_at} of its event ({@code null} while a user
 * message waits in the queue).
 * <p>
 * To add an event type: a record here, its name in {@link JsonSubTypes}, and a method of
 * {@link SessionEventService} that records it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonPropertyOrder({ "type", "id" })
@JsonSubTypes({ @JsonSubTypes.Type(SessionEvent.UserMessage.class),
		@JsonSubTypes.Type(SessionEvent.UserInterrupt.class), @JsonSubTypes.Type(SessionEvent.AgentMessage.class),
		@JsonSubTypes.Type(SessionEvent.AgentToolUse.class), @JsonSubTypes.Type(SessionEvent.AgentToolResult.class),
		@JsonSubTypes.Type(SessionEvent.StatusRunning.class), @JsonSubTypes.Type(SessionEvent.StatusIdle.class),
		@JsonSubTypes.Type(SessionEvent.StatusRescheduled.class), @JsonSubTypes.Type(SessionEvent.ErrorEvent.class),
		@JsonSubTypes.Type(SessionEvent.ModelRequestStart.class),
		@JsonSubTypes.Type(SessionEvent.ModelRequestEnd.class), @JsonSubTypes.Type(SessionEvent.Deleted.class),
		@JsonSubTypes.Type(SessionEvent.AgentCustomToolUse.class),
		@JsonSubTypes.Type(SessionEvent.UserCustomToolResult.class),
		@JsonSubTypes.Type(SessionEvent.UserToolConfirmation.class),
		@JsonSubTypes.Type(SessionEvent.UserToolResult.class) })
public sealed interface SessionEvent {

	/**
	 * The prefix of every event id.
	 */
	String ID_PREFIX = "sevt_";

	String id();

	Instant processedAt();

	/**
	 * The event's {@code type} on the wire, such as {@code agent.tool_use}. It is a
	 * property of every record rather than an id Jackson adds, so that an event is
	 * written whole wherever it is, even in a list whose element type Jackson does not
	 * know.
	 */
	@JsonProperty("type")
	default String type() {
		return getClass().getAnnotation(JsonTypeName.class).value();
	}

	/**
	 * What the user said: content blocks (text, image, document) as the client sent them,
	 * validated and echoed.
	 */
	@JsonTypeName("user.message")
	record UserMessage(String id, List<Map<String, Object>> content, Instant processedAt) implements SessionEvent {

		/**
		 * Its text blocks, joined by blank lines.
		 */
		public String text() {
			return this.content.stream()
				.filter((block) -> "text".equals(block.get("type")) && block.get("text") instanceof String)
				.map((block) -> (String) block.get("text"))
				.collect(Collectors.joining("\n\n"));
		}

		UserMessage processed(Instant at) {
			return new UserMessage(this.id, this.content, at);
		}

	}

	/**
	 * The user stopped the running turn.
	 */
	@JsonTypeName("user.interrupt")
	record UserInterrupt(String id, @JsonInclude(JsonInclude.Include.NON_NULL) String sessionThreadId,
			Instant processedAt) implements SessionEvent {

	}

	/**
	 * What the agent said.
	 */
	@JsonTypeName("agent.message")
	record AgentMessage(String id, List<TextBlock> content, Instant processedAt) implements SessionEvent {

		public String text() {
			return TextBlock.join(this.content);
		}

	}

	/**
	 * The agent calls a built-in tool. Under {@code always_allow} it runs at once; under
	 * {@code always_ask} (and {@code auto}, on which memstore reaches no judgement) it
	 * waits for a {@code user.tool_confirmation}.
	 *
	 * @param input the tool's input as the model wrote it
	 * @param evaluation the policy that produced {@code evaluated_permission}; an event
	 * recorded before memstore wrote it reads as the policy its permission implies
	 */
	@JsonTypeName("agent.tool_use")
	record AgentToolUse(String id, String name, Map<String, Object> input, EvaluatedPermission evaluatedPermission,
			@JsonInclude(JsonInclude.Include.NON_NULL) ToolEvaluation evaluation,
			Instant processedAt) implements SessionEvent {

		public AgentToolUse {
			if (evaluation == null && evaluatedPermission != null) {
				evaluation = ToolEvaluation.impliedBy(evaluatedPermission);
			}
		}

		/**
		 * Whether the call waits for the user's confirmation before it runs.
		 */
		public boolean asks() {
			return this.evaluatedPermission == EvaluatedPermission.ASK;
		}

		/**
		 * Whether the client's worker runs this call, in a session of a
		 * {@code self_hosted} environment: a call of one of {@link Turn#WORKER_TOOLS}
		 * that memstore did not refuse (a refused call has memstore's result).
		 */
		public boolean runByWorker(boolean selfHostedSession) {
			return selfHostedSession && Turn.WORKER_TOOLS.contains(this.name)
					&& this.evaluatedPermission != EvaluatedPermission.DENY;
		}

	}

	/**
	 * The agent calls one of its custom tools, which the application runs: the turn waits
	 * for a {@code user.custom_tool_result}.
	 */
	@JsonTypeName("agent.custom_tool_use")
	record AgentCustomToolUse(String id, String name, Map<String, Object> input,
			Instant processedAt) implements SessionEvent {

	}

	/**
	 * What the application's custom tool returned.
	 *
	 * @param content the result's blocks (text, image, document, search_result) as sent
	 * @param isError whether the tool failed, as sent ({@code null} when not given)
	 */
	@JsonTypeName("user.custom_tool_result")
	record UserCustomToolResult(String id, String customToolUseId,
			@JsonInclude(JsonInclude.Include.NON_NULL) List<Map<String, Object>> content,
			@JsonProperty("is_error") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean isError,
			Instant processedAt) implements SessionEvent, ClientResult {

	}

	/**
	 * What the client's worker returned for a built-in tool call of a session in a
	 * {@code self_hosted} environment, where the worker runs those calls instead of
	 * memstore.
	 *
	 * @param toolUseId the {@code agent.tool_use} it answers
	 * @param content the result's blocks (text, image, document, search_result) as sent
	 * @param isError whether the call failed, as sent ({@code null} when not given)
	 */
	@JsonTypeName("user.tool_result")
	record UserToolResult(String id, String toolUseId,
			@JsonInclude(JsonInclude.Include.NON_NULL) List<Map<String, Object>> content,
			@JsonProperty("is_error") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean isError,
			Instant processedAt) implements SessionEvent, ClientResult {

	}

	/**
	 * The user allows or denies a tool call that waits for confirmation.
	 *
	 * @param result {@code allow} or {@code deny}
	 * @param denyMessage why, only with {@code deny}
	 */
	@JsonTypeName("user.tool_confirmation")
	record UserToolConfirmation(String id, String toolUseId, String result,
			@JsonInclude(JsonInclude.Include.NON_NULL) String denyMessage,
			Instant processedAt) implements SessionEvent {

		public static final String ALLOW = "allow";

		public static final String DENY = "deny";

		public boolean allows() {
			return ALLOW.equals(this.result);
		}

	}

	/**
	 * Which permission policy produced a call's {@code evaluated_permission}.
	 *
	 * @param type {@code always_allow}, {@code always_ask} or {@code auto}
	 * @param evaluatedPermission under {@code auto}, the judgement on this call
	 */
	record ToolEvaluation(String type, @JsonInclude(JsonInclude.Include.NON_NULL) AutoJudgement evaluatedPermission) {

		public static final ToolEvaluation ALWAYS_ALLOW = new ToolEvaluation(PermissionPolicy.ALWAYS_ALLOW, null);

		public static final ToolEvaluation ALWAYS_ASK = new ToolEvaluation(PermissionPolicy.ALWAYS_ASK, null);

		/**
		 * memstore judges no call itself: under {@code auto} every call is held for the
		 * user, as the API does when it reaches no judgement.
		 */
		public static final ToolEvaluation AUTO_UNJUDGED = new ToolEvaluation(PermissionPolicy.AUTO,
				new AutoJudgement("ask", "indeterminate"));

		/**
		 * How memstore evaluates a call under a tool's permission policy: it runs under
		 * {@code always_allow} and asks under the others.
		 */
		public static ToolEvaluation underPolicy(String policy) {
			return switch (policy) {
				case PermissionPolicy.ALWAYS_ASK -> ALWAYS_ASK;
				case PermissionPolicy.AUTO -> AUTO_UNJUDGED;
				default -> ALWAYS_ALLOW;
			};
		}

		/**
		 * Whether a call evaluated so waits for the user's confirmation.
		 */
		public boolean asks() {
			return !PermissionPolicy.ALWAYS_ALLOW.equals(this.type);
		}

		static ToolEvaluation impliedBy(EvaluatedPermission permission) {
			return switch (permission) {
				case ALLOW -> ALWAYS_ALLOW;
				case ASK -> ALWAYS_ASK;
				case DENY -> null;
			};
		}

		/**
		 * The server's judgement of one call under {@code auto}.
		 */
		public record AutoJudgement(String type, String reasonCode) {

		}

	}

	/**
	 * What a tool call returned.
	 */
	@JsonTypeName("agent.tool_result")
	record AgentToolResult(String id, String toolUseId, List<TextBlock> content,
			@JsonProperty("is_error") boolean isError, Instant processedAt) implements SessionEvent {

		public String text() {
			return TextBlock.join(this.content);
		}

	}

	@JsonTypeName("session.status_running")
	record StatusRunning(String id, Instant processedAt) implements SessionEvent {

	}

	/**
	 * The turn ended and the session waits for the next message.
	 *
	 * @param stopDetails always {@code null}: memstore ends no turn with details
	 */
	@JsonTypeName("session.status_idle")
	record StatusIdle(String id, StopReason stopReason, Map<String, Object> stopDetails,
			Instant processedAt) implements SessionEvent {

	}

	@JsonTypeName("session.status_rescheduled")
	record StatusRescheduled(String id, Instant processedAt) implements SessionEvent {

	}

	/**
	 * Something went wrong in the turn; whether it is retried is the error's
	 * {@code retry_status}.
	 */
	@JsonTypeName("session.error")
	record ErrorEvent(String id, SessionError error, Instant processedAt) implements SessionEvent {

	}

	/**
	 * A request to a model starts.
	 */
	@JsonTypeName("span.model_request_start")
	record ModelRequestStart(String id, Model model, Instant processedAt) implements SessionEvent {

		/**
		 * The model asked.
		 */
		public record Model(String id) {

		}

	}

	/**
	 * A request to a model ended, with what it used.
	 */
	@JsonTypeName("span.model_request_end")
	record ModelRequestEnd(String id, @JsonProperty("is_error") boolean isError, String modelRequestStartId,
			SpanUsage modelUsage, Instant processedAt) implements SessionEvent {

		/**
		 * The tokens of one request, as a span reports them.
		 */
		public record SpanUsage(long inputTokens, long outputTokens, long cacheCreationInputTokens,
				long cacheReadInputTokens) {

		}

	}

	/**
	 * The session was deleted; sent on its open streams, never stored.
	 */
	@JsonTypeName("session.deleted")
	record Deleted(String id, Instant processedAt) implements SessionEvent {

	}

	/**
	 * A result the client sent for a call: its blocks and whether the call failed, as
	 * sent.
	 */
	interface ClientResult {

		List<Map<String, Object>> content();

		Boolean isError();

		/**
		 * Its text blocks, joined by newlines; other blocks are left out.
		 */
		default String text() {
			if (content() == null) {
				return "";
			}
			return content().stream()
				.filter((block) -> "text".equals(block.get("type")) && block.get("text") instanceof String)
				.map((block) -> (String) block.get("text"))
				.collect(Collectors.joining("\n"));
		}

		default boolean failed() {
			return Boolean.TRUE.equals(isError());
		}

	}

	/**
	 * A text content block, the only kind memstore writes itself.
	 */
	record TextBlock(String type, String text) {

		public static TextBlock of(String text) {
			return new TextBlock("text", text);
		}

		static String join(List<TextBlock> blocks) {
			StringBuilder text = new StringBuilder();
			for (TextBlock block : blocks) {
				if (block.text() != null) {
					text.append(block.text());
				}
			}
			return text.toString();
		}

	}

}
