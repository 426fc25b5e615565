package dev.memstore.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code session} object of the API.
 *
 * @param agent the agent version the session runs, as resolved at creation
 * @param resources in attachment order
 */
public record Session(String id, String type, Map<String, Object> agent, String environmentId,
		List<Map<String, Object>> resources, String status, String title, Map<String, String> metadata,
		Instant archivedAt, Instant createdAt, Instant updatedAt, Map<String, Object> budget,
		List<Object> outcomeEvaluations, Map<String, Object> stats, Map<String, Object> usage, List<Object> vaultIds) {

	static final String TYPE = "session";

}
