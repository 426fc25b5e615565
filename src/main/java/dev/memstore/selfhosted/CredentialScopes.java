package dev.memstore.selfhosted;

import java.util.List;
import java.util.Optional;

import dev.memstore.api.Caller;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.session.SessionResource;
import dev.memstore.session.SessionService;

import org.springframework.stereotype.Component;

/**
 * The authorization matrix of self-hosted credentials (protocol §4.2), in one place: what
 * an environment key and a sessions token may call, and which work endpoints refuse an
 * API key. Everything else is refused: a credential of the wrong kind with 401, a
 * credential of the right kind for another environment, item or store with 403, another
 * session (or a store its session does not mount) with 404.
 */
@Component
class CredentialScopes {

	/** The routes the matrix names, as a request's method and path make them. */
	enum Route {

		WORK_POLL, WORK_LIST, WORK_STATS, WORK_ITEM, WORK_ACK, WORK_HEARTBEAT, WORK_STOP, SESSION_READ,
		SESSION_EVENTS_SEND, MEMORY_READ, MEMORY_WRITE, OTHER

	}

	/**
	 * A request's place in the matrix: its route and the ids its path names.
	 */
	record Target(Route route, String environmentId, String workId, String sessionId, String storeId) {

		static Target parse(String method, List<String> path) {
			int size = path.size();
			boolean get = "GET".equals(method);
			boolean post = "POST".equals(method);
			if (size >= 3 && path.get(0).equals("environments") && path.get(2).equals("work")) {
				String environmentId = path.get(1);
				if (size == 3) {
					return new Target(get ? Route.WORK_LIST : Route.OTHER, environmentId, null, null, null);
				}
				String fourth = path.get(3);
				if (size == 4 && get && fourth.equals("poll")) {
					return new Target(Route.WORK_POLL, environmentId, null, null, null);
				}
				if (size == 4 && get && fourth.equals("stats")) {
					return new Target(Route.WORK_STATS, environmentId, null, null, null);
				}
				if (size == 4) {
					return new Target((get || post) ? Route.WORK_ITEM : Route.OTHER, environmentId, fourth, null, null);
				}
				if (size == 5 && post) {
					Route route = switch (path.get(4)) {
						case "ack" -> Route.WORK_ACK;
						case "heartbeat" -> Route.WORK_HEARTBEAT;
						case "stop" -> Route.WORK_STOP;
						default -> Route.OTHER;
					};
					return new Target(route, environmentId, fourth, null, null);
				}
				return new Target(Route.OTHER, environmentId, null, null, null);
			}
			if (size >= 2 && path.get(0).equals("sessions")) {
				String sessionId = path.get(1);
				boolean events = size >= 3 && path.get(2).equals("events");
				if (get && (size == 2 || (events && size == 3)
						|| (events && size == 4 && path.get(3).equals("stream")))) {
					return new Target(Route.SESSION_READ, null, null, sessionId, null);
				}
				if (post && events && size == 3) {
					return new Target(Route.SESSION_EVENTS_SEND, null, null, sessionId, null);
				}
				return new Target(Route.OTHER, null, null, sessionId, null);
			}
			if (size >= 3 && path.get(0).equals("memory_stores")) {
				String storeId = path.get(1);
				if (path.get(2).equals("memories")) {
					return new Target(get ? Route.MEMORY_READ : Route.MEMORY_WRITE, null, null, null, storeId);
				}
				if (path.get(2).equals("memory_versions")) {
					return new Target(get ? Route.MEMORY_READ : Route.MEMORY_WRITE, null, null, null, storeId);
				}
			}
			return new Target(Route.OTHER, null, null, null, null);
		}

		boolean memoryVersions(List<String> path) {
			return path.size() >= 3 && path.get(2).equals("memory_versions");
		}

	}

	private final SessionService sessions;

	CredentialScopes(SessionService sessions) {
		this.sessions = sessions;
	}

	/**
	 * What a credential that is neither an environment key nor a sessions token (an API
	 * key, or nothing valid) may not call: the endpoints only workers call.
	 */
	Optional<ApiException> refuseOther(Target target) {
		return switch (target.route()) {
			case WORK_POLL, WORK_LIST -> Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
					"this endpoint accepts only the environment's key (an environment key), not an API key"));
			case WORK_ACK, WORK_HEARTBEAT -> Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
					"this endpoint accepts the environment key or the work item's sessions token, not an API key"));
			default -> Optional.empty();
		};
	}

	/**
	 * Whether an environment key or a sessions token may make this request.
	 * @return the refusal, or empty when allowed
	 */
	Optional<ApiException> check(Caller caller, String method, List<String> path) {
		Target target = Target.parse(method, path);
		if (caller.credential() instanceof Caller.EnvironmentKey key) {
			return checkEnvironmentKey(key, target);
		}
		if (caller.credential() instanceof Caller.SessionsToken token) {
			return checkSessionsToken(caller.workspaceId(), token, target, method, path);
		}
		return refuseOther(target);
	}

	private static Optional<ApiException> checkEnvironmentKey(Caller.EnvironmentKey key, Target target) {
		switch (target.route()) {
			case WORK_POLL, WORK_LIST, WORK_ACK, WORK_HEARTBEAT, WORK_STOP -> {
				if (!target.environmentId().equals(key.environmentId())) {
					return Optional.of(new ApiException(ApiErrorType.PERMISSION,
							"this environment key belongs to environment " + key.environmentId()));
				}
				return Optional.empty();
			}
			case WORK_STATS, WORK_ITEM -> {
				return Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
						"this endpoint accepts an API key; it rejects the environment key"));
			}
			default -> {
				return Optional.of(new ApiException(ApiErrorType.PERMISSION,
						"an environment key may only poll, list, acknowledge, heartbeat and stop its environment's work"));
			}
		}
	}

	private Optional<ApiException> checkSessionsToken(String workspaceId, Caller.SessionsToken token, Target target,
			String method, List<String> path) {
		switch (target.route()) {
			case WORK_ACK, WORK_HEARTBEAT, WORK_STOP -> {
				if (!target.environmentId().equals(token.environmentId()) || !target.workId().equals(token.workId())) {
					return Optional.of(new ApiException(ApiErrorType.PERMISSION,
							"this sessions token is for work " + token.workId() + " only"));
				}
				return Optional.empty();
			}
			case WORK_POLL, WORK_LIST, WORK_STATS, WORK_ITEM -> {
				return Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
						"this endpoint does not accept a sessions token"));
			}
			case SESSION_READ, SESSION_EVENTS_SEND -> {
				if (!target.sessionId().equals(token.sessionId())) {
					return Optional.of(ApiException.notFound("no session " + target.sessionId()));
				}
				return Optional.empty();
			}
			case MEMORY_READ, MEMORY_WRITE -> {
				return checkMount(workspaceId, token, target, path);
			}
			default -> {
				return Optional.of(new ApiException(ApiErrorType.PERMISSION, "a sessions token may only serve its "
						+ "work item, read and send events of its session and use the memory stores it mounts"));
			}
		}
	}

	private Optional<ApiException> checkMount(String workspaceId, Caller.SessionsToken token, Target target,
			List<String> path) {
		Optional<SessionResource.MemoryStoreResource> mount = this.sessions
			.memoryStoresOf(workspaceId, token.sessionId())
			.stream()
			.filter((resource) -> resource.memoryStoreId().equals(target.storeId()))
			.findFirst();
		if (mount.isEmpty()) {
			return Optional.of(ApiException.notFound("no memory store " + target.storeId()));
		}
		if (target.route() == Route.MEMORY_WRITE && target.memoryVersions(path)) {
			return Optional.of(new ApiException(ApiErrorType.PERMISSION,
					"a sessions token may read memory versions, not redact them"));
		}
		if (target.route() == Route.MEMORY_WRITE && mount.get().access() == SessionResource.Access.READ_ONLY) {
			return Optional.of(new ApiException(ApiErrorType.PERMISSION,
					"memory store " + target.storeId() + " is mounted read_only in session " + token.sessionId()
							+ "; its sessions token cannot write it"));
		}
		return Optional.empty();
	}

}
