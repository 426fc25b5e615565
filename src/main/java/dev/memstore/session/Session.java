package dev.memstore.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.memstore.agent.SessionAgent;

/**
 * The {@code session} object of the API.
 *
 * @param agent the agent version the session runs, as resolved at creation
 * @param resources in attachment order
 */
public record Session(String id, String type, SessionAgent agent, String environmentId, List<SessionResource> resources,
		SessionStatus status, String title, Map<String, String> metadata, Instant archivedAt, Instant createdAt,
		Instant updatedAt, Map<String, Object> budget, List<Object> outcomeEvaluations, Stats stats, SessionUsage usage,
		List<Object> vaultIds) {

	static final String TYPE = "session";

	Session withStatus(SessionStatus newStatus) {
		return new Session(this.id, this.type, this.agent, this.environmentId, this.resources, newStatus, this.title,
				this.metadata, this.archivedAt, this.createdAt, this.updatedAt, this.budget, this.outcomeEvaluations,
				this.stats, this.usage, this.vaultIds);
	}

	/**
	 * What memstore measures of a session.
	 *
	 * @param durationSeconds from its creation to now, or to its archiving
	 */
	public record Stats(double durationSeconds) {

	}

}
