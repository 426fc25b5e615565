package dev.memstore.dream;

import java.time.Instant;
import java.util.List;

/**
 * A row of {@code dreams}.
 *
 * @param holdsStore whether the dream holds its input store against other
 * {@code update_existing} dreams
 */
record DreamRow(String id, String workspaceId, DreamStatus status, String memoryStoreId, List<String> sessionIds,
		Dream.Model model, String instructions, Dream.OutputBehavior outputBehavior, String outputStoreId,
		String sessionId, Dream.Error error, boolean holdsStore, String scheduleId, Instant createdAt, Instant endedAt,
		Instant archivedAt) {

	Dream toDream(Dream.Usage usage) {
		List<Dream.Input> inputs = List.of(new Dream.MemoryStoreInput(Dream.MEMORY_STORE, this.memoryStoreId),
				new Dream.SessionsInput(Dream.SESSIONS, this.sessionIds));
		List<Dream.Output> outputs = (this.outputStoreId != null)
				? List.of(new Dream.Output(Dream.MEMORY_STORE, this.outputStoreId)) : List.of();
		return new Dream(this.id, Dream.TYPE, this.status, inputs, this.model, this.instructions, this.outputBehavior,
				outputs, this.sessionId, (usage != null) ? usage : Dream.Usage.NONE, this.error, this.createdAt,
				this.endedAt, this.archivedAt, this.scheduleId);
	}

}
