package dev.memstore.selfhosted;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An environment key, as the operator API returns it.
 *
 * @param partialKeyHint enough of the secret to recognise it
 * @param status {@code active} or {@code revoked}
 * @param secret the secret itself: present only in the response that issues the key,
 * never again
 */
public record EnvironmentKey(String id, String type, String workspaceId, String environmentId, String name,
		String partialKeyHint, String status, Instant createdAt, Instant revokedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

	static final String TYPE = "environment_key";

}
