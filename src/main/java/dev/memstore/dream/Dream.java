package dev.memstore.dream;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The {@code dream} object of the API.
 *
 * @param inputs the memory store entry, then the sessions entry
 * @param outputs the store holding the result, once the dream has recorded it
 * @param sessionId the session that runs the dream, once it has begun
 * @param scheduleId memstore's extension: the schedule that started the dream, left out
 * for a dream created through the API
 */
@JsonPropertyOrder({ "id", "type" })
public record Dream(String id, String type, DreamStatus status, List<Input> inputs, Model model, String instructions,
		OutputBehavior outputBehavior, List<Output> outputs, String sessionId, Usage usage, Error error,
		Instant createdAt, Instant endedAt, Instant archivedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) String scheduleId) {

	static final String TYPE = "dream";

	static final String MEMORY_STORE = "memory_store";

	static final String SESSIONS = "sessions";

	/**
	 * The input memory store.
	 */
	public String memoryStoreId() {
		return ((MemoryStoreInput) this.inputs.get(0)).memoryStoreId();
	}

	/**
	 * The input session ids, sorted.
	 */
	public List<String> sessionIds() {
		return ((SessionsInput) this.inputs.get(1)).sessionIds();
	}

	/**
	 * The store that holds the result, or {@code null} before the dream recorded it.
	 */
	public String outputStoreId() {
		return this.outputs.isEmpty() ? null : this.outputs.get(0).memoryStoreId();
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
			visible = true)
	@JsonSubTypes({ @JsonSubTypes.Type(value = MemoryStoreInput.class, name = MEMORY_STORE),
			@JsonSubTypes.Type(value = SessionsInput.class, name = SESSIONS) })
	public sealed interface Input permits MemoryStoreInput, SessionsInput {

		String type();

	}

	public record MemoryStoreInput(String type, String memoryStoreId) implements Input {

	}

	public record SessionsInput(String type, List<String> sessionIds) implements Input {

	}

	public record Output(String type, String memoryStoreId) {

	}

	/**
	 * The model, always as an object.
	 */
	public record Model(String id, String speed) {

	}

	/**
	 * {@code create_new}, or {@code update_existing} naming the input store.
	 */
	public record OutputBehavior(String type, @JsonInclude(JsonInclude.Include.NON_NULL) String memoryStoreId) {

		static final String CREATE_NEW = "create_new";

		static final String UPDATE_EXISTING = "update_existing";

		public boolean updatesExisting() {
			return UPDATE_EXISTING.equals(this.type);
		}

	}

	/**
	 * The tokens the dream's model used.
	 */
	public record Usage(long cacheCreationInputTokens, long cacheReadInputTokens, long inputTokens, long outputTokens) {

		static final Usage NONE = new Usage(0, 0, 0, 0);

	}

	/**
	 * Why a dream failed.
	 */
	public record Error(String type, String message) {

	}

}
