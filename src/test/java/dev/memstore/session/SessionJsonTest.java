package dev.memstore.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.session.SessionEvent.AgentCustomToolUse;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.AgentToolResult;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.Deleted;
import dev.memstore.session.SessionEvent.ErrorEvent;
import dev.memstore.session.SessionEvent.ModelRequestEnd;
import dev.memstore.session.SessionEvent.ModelRequestStart;
import dev.memstore.session.SessionEvent.StatusIdle;
import dev.memstore.session.SessionEvent.StatusRescheduled;
import dev.memstore.session.SessionEvent.StatusRunning;
import dev.memstore.session.SessionEvent.TextBlock;
import dev.memstore.session.SessionEvent.ToolEvaluation;
import dev.memstore.session.SessionEvent.UserCustomToolResult;
import dev.memstore.session.SessionEvent.UserInterrupt;
import dev.memstore.session.SessionEvent.UserMessage;
import dev.memstore.session.SessionEvent.UserToolConfirmation;
import dev.memstore.session.SessionEvent.UserToolResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event and resource records on the wire and in their {@code body} columns, with the
 * JSON settings of the application (snake_case, unknown properties ignored).
 */
@Tag("fast")
class SessionJsonTest {

	private static final Instant AT = Instant.parse("2026-12-03T09:00:00.123456Z");

	private final JsonMapper mapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final SessionJson json = new SessionJson(this.mapper);

	private final List<SessionEvent> everyType = List.of(
			new UserMessage("sevt_1", List.of(Map.of("type", "text", "text", "hello")), null),
			new UserInterrupt("sevt_2", null, AT), new UserInterrupt("sevt_3", "sthr_1", AT),
			new AgentMessage("sevt_4", List.of(TextBlock.of("hi")), AT),
			new AgentToolUse("sevt_5", "bash", Map.of("command", "ls"), EvaluatedPermission.ALLOW, null, AT),
			new AgentToolResult("sevt_6", "sevt_5", List.of(TextBlock.of("a.txt")), true, AT),
			new StatusRunning("sevt_7", AT), new StatusIdle("sevt_8", StopReason.RETRIES_EXHAUSTED, null, AT),
			new StatusRescheduled("sevt_9", AT),
			new ErrorEvent("sevt_10",
					new SessionError(SessionError.Type.MODEL_OVERLOADED, "busy", SessionError.RetryStatus.RETRYING),
					AT),
			new ModelRequestStart("sevt_11", new ModelRequestStart.Model("claude-opus-4-5"), AT),
			new ModelRequestEnd("sevt_12", false, "sevt_11", new ModelRequestEnd.SpanUsage(10, 20, 30, 40), AT),
			new Deleted("sevt_13", AT),
			new AgentCustomToolUse("sevt_14", "lookup_order", Map.of("order_id", "A-1"), AT),
			new UserCustomToolResult("sevt_15", "sevt_14", List.of(Map.of("type", "text", "text", "shipped")), true,
					AT),
			new UserToolConfirmation("sevt_16", "sevt_5", "deny", "not now", AT),
			new StatusIdle("sevt_17", StopReason.requiresAction(List.of("sevt_14", "sevt_18")), null, AT),
			new AgentToolUse("sevt_18", "write", Map.of("file_path", "/a"), EvaluatedPermission.ASK,
					ToolEvaluation.AUTO_UNJUDGED, AT),
			new UserToolResult("sevt_19", "sevt_18", List.of(Map.of("type", "text", "text", "wrote")), false, AT),
			new UserToolResult("sevt_20", "sevt_18", null, null, AT));

	@Test
	void everyEventIsWrittenWithItsTypeFirstThenItsIdAndItsProcessedAtLast() {
		for (SessionEvent event : this.everyType) {
			String written = this.mapper.writeValueAsString(event);
			assertThat(written).startsWith("{\"type\":\"" + event.type() + "\",\"id\":\"" + event.id() + "\",")
				.endsWith("\"processed_at\":" + ((event.processedAt() != null) ? "\"" + AT + "\"}" : "null}"));
		}
	}

	@Test
	void anEventInAListOfUnknownElementTypeStillHasItsType() {
		String written = this.mapper.writeValueAsString(Map.of("data", List.<Object>of(this.everyType.get(0))));

		assertThat(written).startsWith("{\"data\":[{\"type\":\"user.message\",\"id\":\"sevt_1\",");
	}

	@Test
	void eventsCarryTheFieldsOfTheApiWithTheirWireSpelling() {
		assertThat(this.mapper.writeValueAsString(this.everyType.get(4))).isEqualTo(
				"{\"type\":\"agent.tool_use\",\"id\":\"sevt_5\",\"name\":\"bash\",\"input\":{\"command\":\"ls\"},"
						+ "\"evaluated_permission\":\"allow\",\"evaluation\":{\"type\":\"always_allow\"},"
						+ "\"processed_at\":\"" + AT + "\"}");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(13)))
			.isEqualTo("{\"type\":\"agent.custom_tool_use\",\"id\":\"sevt_14\",\"name\":\"lookup_order\","
					+ "\"input\":{\"order_id\":\"A-1\"},\"processed_at\":\"" + AT + "\"}");
		// The content block is a Map.of, whose keys come in no set order.
		assertThat(this.mapper.writeValueAsString(this.everyType.get(14))).contains(
				"\"custom_tool_use_id\":\"sevt_14\",\"content\":[{", "\"text\":\"shipped\"", "}],\"is_error\":true");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(15)))
			.contains("\"tool_use_id\":\"sevt_5\",\"result\":\"deny\",\"deny_message\":\"not now\"");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(16)))
			.contains("\"stop_reason\":{\"type\":\"requires_action\",\"event_ids\":[\"sevt_14\",\"sevt_18\"]}");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(17))).contains("\"evaluated_permission\":\"ask\","
				+ "\"evaluation\":{\"type\":\"auto\",\"evaluated_permission\":{\"type\":\"ask\",\"reason_code\":\"indeterminate\"}}");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(18))).contains(
				"{\"type\":\"user.tool_result\",\"id\":\"sevt_19\",\"tool_use_id\":\"sevt_18\",\"content\":[{",
				"\"text\":\"wrote\"", "}],\"is_error\":false,\"processed_at\"");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(19))).as("content and is_error as sent")
			.isEqualTo("{\"type\":\"user.tool_result\",\"id\":\"sevt_20\",\"tool_use_id\":\"sevt_18\","
					+ "\"processed_at\":\"" + AT + "\"}");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(5))).contains(
				"\"tool_use_id\":\"sevt_5\",\"content\":[{\"type\":\"text\",\"text\":\"a.txt\"}],\"is_error\":true");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(7)))
			.contains("\"stop_reason\":{\"type\":\"retries_exhausted\"},\"stop_details\":null");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(9))).contains(
				"\"error\":{\"type\":\"model_overloaded_error\",\"message\":\"busy\",\"retry_status\":{\"type\":\"retrying\"}}");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(11)))
			.contains("\"is_error\":false,\"model_request_start_id\":\"sevt_11\",\"model_usage\":{\"input_tokens\":10,"
					+ "\"output_tokens\":20,\"cache_creation_input_tokens\":30,\"cache_read_input_tokens\":40}");
	}

	@Test
	void anInterruptWithoutAThreadHasNoThreadField() {
		assertThat(this.mapper.writeValueAsString(this.everyType.get(1))).doesNotContain("session_thread_id");
		assertThat(this.mapper.writeValueAsString(this.everyType.get(2))).contains("\"session_thread_id\":\"sthr_1\"");
	}

	@Test
	void everyEventReadsBackFromItsColumnsAsItWasWritten() {
		for (SessionEvent event : this.everyType) {
			String body = this.json.eventBody(event);
			assertThat(body).doesNotContain("\"type\":\"" + event.type()).doesNotContain(event.id() + "\"");
			assertThat(this.json.readEvent(event.type(), event.id(), body, event.processedAt())).isEqualTo(event);
		}
	}

	@Test
	void bodiesStoredBeforeTheEventsWereTypedStillRead() {
		assertThat(this.json.readEvent("session.status_idle", "sevt_1",
				"{\"stop_details\": null, \"stop_reason\": {\"type\": \"end_turn\"}}", AT))
			.isEqualTo(new StatusIdle("sevt_1", StopReason.END_TURN, null, AT));
		assertThat(this.json.readEvent("agent.tool_result", "sevt_2",
				"{\"content\": [{\"text\": \"out\", \"type\": \"text\"}], \"is_error\": false, \"tool_use_id\": \"sevt_1\"}",
				AT))
			.isEqualTo(new AgentToolResult("sevt_2", "sevt_1", List.of(TextBlock.of("out")), false, AT));
	}

	@Test
	void resourcesAreWrittenIdFirstThenTypeAndReadBackFromTheirColumns() {
		SessionResource store = new SessionResource.MemoryStoreResource("sesrsc_1", "memstore_1",
				SessionResource.Access.READ_ONLY, null, "notes", "", "/mnt/memory/notes/", AT, AT);

		assertThat(this.mapper.writeValueAsString(store)).isEqualTo("{\"id\":\"sesrsc_1\",\"type\":\"memory_store\","
				+ "\"memory_store_id\":\"memstore_1\",\"access\":\"read_only\",\"instructions\":null,\"name\":\"notes\","
				+ "\"description\":\"\",\"mount_path\":\"/mnt/memory/notes/\",\"created_at\":\"" + AT
				+ "\",\"updated_at\":\"" + AT + "\"}");
		assertThat(this.json.readResource("sesrsc_1", this.json.resourceBody(store), AT, AT)).isEqualTo(store);
		assertThat(this.json.readResource("sesrsc_2",
				"{\"type\": \"file\", \"file_id\": \"file_1\", \"mount_path\": \"/mnt/session/uploads/file_1\"}", AT,
				AT))
			.isEqualTo(new SessionResource.FileResource("sesrsc_2", "file_1", "/mnt/session/uploads/file_1", AT, AT));
	}

	@Test
	void usageKeepsTheApisNamesOfTheCacheFigures() {
		SessionUsage usage = new SessionUsage(1, 2, 3, new SessionUsage.CacheCreation(4, 5));

		assertThat(this.mapper.writeValueAsString(usage))
			.isEqualTo("{\"input_tokens\":1,\"output_tokens\":2,\"cache_read_input_tokens\":3,"
					+ "\"cache_creation\":{\"ephemeral_1h_input_tokens\":4,\"ephemeral_5m_input_tokens\":5}}");
	}

	@Test
	void whatJsonbCannotHoldIsStoredAsTheReplacementCharacter() {
		SessionEvent stored = this.json
			.storable(new AgentToolResult("sevt_1", "sevt_0", List.of(TextBlock.of("a\u0000b\uD800c")), false, AT));

		assertThat(((AgentToolResult) stored).text()).isEqualTo("a\uFFFDb\uFFFDc");
	}

}
