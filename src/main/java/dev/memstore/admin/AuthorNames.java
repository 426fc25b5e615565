package dev.memstore.admin;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.memory.Actor;
import dev.memstore.session.Session;
import dev.memstore.session.SessionService;
import dev.memstore.workspace.ApiKey;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.stereotype.Component;

/**
 * Turns the actors of versions and receipts into what a person recognises: the API key's
 * name, the session's title, the admin's user name, each linked to where it is described.
 */
@Component
class AuthorNames {

	/**
	 * An author as the admin page shows it.
	 *
	 * @param kind what wrote it: {@code API key}, {@code session} or {@code admin}
	 * @param name the name to show (the id when it has none)
	 * @param id the actor's id, shown on hover
	 * @param href where the author is described, or {@code null} when nothing is (a
	 * deleted session, an admin)
	 */
	record Author(String kind, String name, String id, String href) {

	}

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	AuthorNames(WorkspaceService workspaces, SessionService sessions) {
		this.workspaces = workspaces;
		this.sessions = sessions;
	}

	Author of(String workspaceId, Actor actor) {
		return of(workspaceId, Set.of(actor)).get(actor);
	}

	/**
	 * Names every distinct actor once, however many versions it wrote.
	 */
	Map<Actor, Author> of(String workspaceId, Collection<? extends Actor> actors) {
		Set<Actor> distinct = new LinkedHashSet<>(actors);
		Map<String, ApiKey> keys = distinct.stream().anyMatch(Actor.ApiActor.class::isInstance)
				? this.workspaces.listKeys(workspaceId)
					.data()
					.stream()
					.collect(Collectors.toMap(ApiKey::id, Function.identity()))
				: Map.of();
		Map<Actor, Author> authors = new HashMap<>();
		for (Actor actor : distinct) {
			authors.put(actor, name(workspaceId, actor, keys));
		}
		return authors;
	}

	private Author name(String workspaceId, Actor actor, Map<String, ApiKey> keys) {
		if (actor instanceof Actor.ApiActor api) {
			return apiKey(workspaceId, api.apiKeyId(), keys.get(api.apiKeyId()));
		}
		if (actor instanceof Actor.SessionActor session) {
			return session(workspaceId, session.sessionId());
		}
		return new Author("admin", AdminUsers.userName(actor.actorId()), actor.actorId(), null);
	}

	private static Author apiKey(String workspaceId, String keyId, ApiKey key) {
		String href = AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "#" + keyId;
		return (key != null) ? new Author("API key", key.name(), keyId, href)
				: new Author("API key", keyId, keyId, null);
	}

	private Author session(String workspaceId, String sessionId) {
		try {
			Session session = this.sessions.get(workspaceId, sessionId);
			String title = (session.title() != null && !session.title().isBlank()) ? session.title() : sessionId;
			return new Author("session", title, sessionId,
					AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/sessions/" + sessionId);
		}
		catch (ApiException ex) {
			if (ex.type() != ApiErrorType.NOT_FOUND) {
				throw ex;
			}
			return new Author("deleted session", sessionId, sessionId, null);
		}
	}

}
