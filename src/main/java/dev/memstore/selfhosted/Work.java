package dev.memstore.selfhosted;

import java.time.Instant;
import java.util.Map;

/**
 * A work item as the API shows it (the SDK's {@code BetaSelfHostedWork}).
 *
 * @param data what the work is: {@code {type:"session", id}}
 * @param secret {@code base64url(JSON {"sessions_token": ...})} in the poll answer that
 * delivers the item; {@code null} in every other answer
 */
public record Work(String id, String type, String environmentId, Data data, WorkState state, Instant createdAt,
		Instant acknowledgedAt, Instant startedAt, Instant latestHeartbeatAt, Instant stopRequestedAt,
		Instant stoppedAt, Map<String, String> metadata, String secret) {

	static final String TYPE = "work";

	/**
	 * The session a work item serves.
	 */
	public record Data(String type, String id) {

		static Data session(String sessionId) {
			return new Data("session", sessionId);
		}

	}

}
