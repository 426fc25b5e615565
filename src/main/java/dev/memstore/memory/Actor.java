package dev.memstore.memory;

import dev.memstore.api.Caller;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Who wrote or redacted a version, as the API shows it: an {@code api_actor} for calls
 * with an API key, a {@code session_actor} for an agent writing through a mounted store,
 * a {@code user_actor} for a person signed in to the admin page.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
		visible = true)
@JsonSubTypes({ @JsonSubTypes.Type(value = Actor.ApiActor.class, name = "api_actor"),
		@JsonSubTypes.Type(value = Actor.SessionActor.class, name = "session_actor"),
		@JsonSubTypes.Type(value = Actor.UserActor.class, name = "user_actor") })
public sealed interface Actor permits Actor.ApiActor, Actor.SessionActor, Actor.UserActor {

	static Actor api(String apiKeyId) {
		return new ApiActor("api_actor", apiKeyId);
	}

	static Actor session(String sessionId) {
		return new SessionActor("session_actor", sessionId);
	}

	/**
	 * The actor of what an API caller writes, the one rule for it: a self-hosted worker's
	 * sessions token writes as its session (as an agent writing through
	 * {@code /mnt/memory} does), any other caller as its API key.
	 */
	static Actor of(Caller caller) {
		if (caller.credential() instanceof Caller.SessionsToken token) {
			return session(token.sessionId());
		}
		if (caller.credential() instanceof Caller.ApiKey key) {
			return api(key.id());
		}
		// The authorization matrix refuses an environment key before any controller.
		throw new IllegalStateException("an environment key writes no memories");
	}

	static Actor user(String userId) {
		return new UserActor("user_actor", userId);
	}

	/**
	 * Rebuilds an actor from its stored type and id.
	 */
	static Actor of(String type, String id) {
		return switch (type) {
			case "api_actor" -> api(id);
			case "session_actor" -> session(id);
			case "user_actor" -> user(id);
			default -> throw new IllegalStateException("unknown actor type " + type);
		};
	}

	String type();

	/**
	 * The id this actor is known by: the API key id, the session id or the user id.
	 */
	String actorId();

	record ApiActor(String type, String apiKeyId) implements Actor {

		@Override
		public String actorId() {
			return this.apiKeyId;
		}

	}

	record SessionActor(String type, String sessionId) implements Actor {

		@Override
		public String actorId() {
			return this.sessionId;
		}

	}

	record UserActor(String type, String userId) implements Actor {

		@Override
		public String actorId() {
			return this.userId;
		}

	}

}
