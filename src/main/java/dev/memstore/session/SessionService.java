package dev.memstore.session;

import java.util.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.agent.AgentService;
import dev.memstore.agent.EnvironmentService;
import dev.memstore.agent.SessionAgent;
import dev.memstore.agent.UsableEnvironment;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.Metadata;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.kernel.WebhookEvent;
import dev.memstore.kernel.WorkspaceQuota;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions of a workspace and their resources. Every method takes the caller's workspace:
 * a session of another workspace is indistinguishable from one that does not exist. A
 * creation, an update that changes something, an archiving and a deletion are announced
 * ({@code session.created}, {@code .updated}, {@code .archived} with
 * {@code .status_terminated}, {@code .deleted}) in their own transaction.
 */
@Service
@Transactional
public class SessionService {

	static final String ID_PREFIX = "sesn_";

	private static final int MAX_TITLE_LENGTH = 1024;

	private static final String FORWARD = "n";

	private static final String BACKWARD = "p";

	private final SessionRepository sessions;

	private final SessionResources resources;

	private final SessionEventService events;

	private final AgentService agents;

	private final EnvironmentService environments;

	private final WorkspaceQuota quota;

	private final SessionLimits limits;

	private final ApplicationEventPublisher publisher;

	SessionService(SessionRepository sessions, SessionResources resources, SessionEventService events,
			AgentService agents, EnvironmentService environments, WorkspaceQuota quota, SessionLimits limits,
			ApplicationEventPublisher publisher) {
		this.sessions = sessions;
		this.resources = resources;
		this.events = events;
		this.agents = agents;
		this.environments = environments;
		this.quota = quota;
		this.limits = limits;
		this.publisher = publisher;
	}

	public Session create(String workspaceId, SessionCreateRequest request) {
		if (request.agent() == null) {
			throw ApiException.invalidRequest("agent is required");
		}
		if (request.environmentId() == null) {
			throw ApiException.invalidRequest("environment_id is required");
		}
		requireValidTitle(request.title());
		TextRules.requireValidTextWithin("resources", request.resources());
		TextRules.requireValidTextWithin("initial_events", request.initialEvents());
		TextRules.requireValidTextWithin("vault_ids", request.vaultIds());
		TextRules.requireValidTextWithin("budget", request.budget());
		Map<String, String> metadata = Metadata.patch(Map.of(), request.metadata());
		List<UserEvents.Sent> initialEvents = null;
		if (request.initialEvents() != null) {
			if (request.initialEvents().size() > UserEvents.MAX_INITIAL_EVENTS) {
				throw ApiException
					.invalidRequest("initial_events holds at most " + UserEvents.MAX_INITIAL_EVENTS + " events");
			}
			initialEvents = request.initialEvents().isEmpty() ? List.of()
					: UserEvents.parse(request.initialEvents(), "initial_events", true);
		}
		requireStrings("vault_ids", request.vaultIds());
		SessionAgent agent = this.agents.resolveForSession(workspaceId, request.agent());
		UsableEnvironment environment = this.environments.requireUsableForSession(workspaceId, request.environmentId());
		this.quota.requireRoom(workspaceId, "sessions", this.limits.sessionsPerWorkspace(),
				SessionLimits.SESSIONS_PER_WORKSPACE, () -> this.sessions.countIn(workspaceId));
		Instant now = Timestamps.now();
		String sessionId = Ids.next(ID_PREFIX);
		List<ResourceRow> attached = this.resources.attach(workspaceId, sessionId, request.resources(),
				environment.selfHosted(), now);
		SessionRow session = new SessionRow(sessionId, workspaceId, agent.id(), agent.version(), agent,
				environment.id(), SessionStatus.IDLE, request.title(), metadata,
				(request.vaultIds() != null) ? request.vaultIds() : List.of(), request.budget(), SessionUsage.NONE, now,
				now, null, null, environment.selfHosted());
		this.sessions.insert(session);
		attached.forEach(this.sessions::insertResource);
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, sessionId, "session.created"));
		this.publisher
			.publishEvent(new SessionCreated(workspaceId, sessionId, environment.id(), environment.selfHosted()));
		if (initialEvents != null && !initialEvents.isEmpty()) {
			this.events.record(session, initialEvents);
		}
		return toSession(session, attached);
	}

	/**
	 * Creates a session that memstore runs on behalf of another object, such as a dream:
	 * its agent is built in rather than one of the workspace's, it takes no events from
	 * clients, and its one message is queued at once.
	 * @param managedBy the id of the object that runs it
	 * @param resources memory stores to attach, as in a creation request
	 */
	public Session createManaged(String workspaceId, String managedBy, SessionAgent agent, String environmentId,
			List<Map<String, Object>> resources, String title, String message) {
		Instant now = Timestamps.now();
		String sessionId = Ids.next(ID_PREFIX);
		List<ResourceRow> attached = this.resources.attach(workspaceId, sessionId, resources, false, now);
		SessionRow session = new SessionRow(sessionId, workspaceId, agent.id(), agent.version(), agent, environmentId,
				SessionStatus.IDLE, title, Map.of(), List.of(), null, SessionUsage.NONE, now, now, null, managedBy,
				false);
		this.sessions.insert(session);
		attached.forEach(this.sessions::insertResource);
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, sessionId, "session.created"));
		this.events.record(session, UserEvents.parse(List
			.of(Map.of("type", UserEvents.MESSAGE, "content", List.of(Map.of("type", "text", "text", message)))),
				"initial_events", true));
		return toSession(session, attached);
	}

	/**
	 * The {@code usage} of each of a workspace's sessions named; sessions that do not
	 * exist are left out.
	 */
	@Transactional(readOnly = true)
	public Map<String, SessionUsage> usageOf(String workspaceId, List<String> sessionIds) {
		return sessionIds.isEmpty() ? Map.of() : this.sessions.usageOf(workspaceId, sessionIds);
	}

	/**
	 * The ids of the newest sessions of a workspace that mount a memory store and were
	 * created after {@code after} and no later than {@code until}, newest first: the
	 * sessions a scheduled dream reads. Archived sessions count; sessions memstore runs
	 * itself (a dream's own) do not.
	 * @param limit the most ids returned
	 */
	@Transactional(readOnly = true)
	public List<String> idsMountingStoreCreatedBetween(String workspaceId, String storeId, Instant after, Instant until,
			int limit) {
		return this.sessions.idsMounting(workspaceId, storeId, after, until, limit);
	}

	@Transactional(readOnly = true)
	public Session get(String workspaceId, String sessionId) {
		SessionRow session = this.sessions.owned(workspaceId, sessionId, false);
		return toSession(session, resourcesOf(session.id()));
	}

	/**
	 * A session as a self-hosted worker reads it with its sessions token: an archived
	 * session reads as {@code terminated}, as on the platform, where archiving adds no
	 * event the worker could see.
	 */
	@Transactional(readOnly = true)
	public Session getForWorker(String workspaceId, String sessionId) {
		Session session = get(workspaceId, sessionId);
		return (session.archivedAt() != null) ? session.withStatus(SessionStatus.TERMINATED) : session;
	}

	/**
	 * Whether a session still has a turn to finish: it runs, waits for answers to its
	 * calls ({@code requires_action}), or has a message queued. Locks the session, so
	 * that a message sent meanwhile is either seen here or sent after this transaction.
	 * An archived or unknown session has none.
	 */
	public boolean hasUnfinishedTurn(String workspaceId, String sessionId) {
		Optional<SessionRow> locked = this.sessions.lock(sessionId);
		if (locked.isEmpty() || !locked.get().workspaceId().equals(workspaceId) || locked.get().isArchived()) {
			return false;
		}
		SessionStatus status = locked.get().status();
		return status == SessionStatus.RUNNING || status == SessionStatus.RESCHEDULING
				|| !this.events.waitingCalls(sessionId).isEmpty() || this.events.hasQueuedMessage(sessionId);
	}

	/**
	 * The memory stores a session mounts, with their access.
	 * @throws dev.memstore.kernel.ApiException 404 for an unknown session
	 */
	@Transactional(readOnly = true)
	public List<SessionResource.MemoryStoreResource> memoryStoresOf(String workspaceId, String sessionId) {
		this.sessions.owned(workspaceId, sessionId, false);
		return resourcesOf(sessionId).stream()
			.map(ResourceRow::resource)
			.filter(SessionResource.MemoryStoreResource.class::isInstance)
			.map(SessionResource.MemoryStoreResource.class::cast)
			.toList();
	}

	/**
	 * The newest sessions that mount a memory store, archived ones included.
	 */
	@Transactional(readOnly = true)
	public SessionPage listMounting(String workspaceId, String storeId, PageParams page) {
		return list(workspaceId,
				new SessionListQuery(null, null, CreatedAtRange.ANY, null, true, storeId, true, List.of()), page);
	}

	/**
	 * The newest sessions of a workspace, archived ones included, or only those of one
	 * agent when {@code agentId} is given.
	 */
	@Transactional(readOnly = true)
	public SessionPage listNewest(String workspaceId, String agentId, PageParams page) {
		return list(workspaceId,
				new SessionListQuery(agentId, null, CreatedAtRange.ANY, null, true, null, true, List.of()), page);
	}

	/**
	 * Lists sessions one keyset page at a time, in either direction.
	 */
	@Transactional(readOnly = true)
	public SessionPage list(String workspaceId, SessionListQuery query, PageParams page) {
		String scope = query.cursorScope();
		List<String> cursor = (page.page() != null) ? PageCursor.decode(page.page(), scope, 3) : null;
		boolean backward = cursor != null && cursor.get(0).equals(BACKWARD);
		if (cursor != null && !backward && !cursor.get(0).equals(FORWARD)) {
			throw ApiException.invalidRequest("page is not a valid page cursor");
		}
		List<SessionRow> rows = this.sessions.list(workspaceId, query, query.descending() != backward,
				(cursor != null) ? cursor.subList(1, 3) : null, page.limit());
		boolean more = rows.size() > page.limit();
		List<SessionRow> served = new ArrayList<>(more ? rows.subList(0, page.limit()) : rows);
		if (backward) {
			Collections.reverse(served);
		}
		String next = null;
		String prev = null;
		if (!served.isEmpty()) {
			SessionRow first = served.get(0);
			SessionRow last = served.get(served.size() - 1);
			// Going back, the page came from a later one; going forward, the extra row
			// says.
			if (backward || more) {
				next = PageCursor.encode(scope, List.of(FORWARD, last.createdAt().toString(), last.id()));
			}
			// Going forward past a cursor, earlier rows exist; going back, the extra row
			// says.
			if (backward ? more : cursor != null) {
				prev = PageCursor.encode(scope, List.of(BACKWARD, first.createdAt().toString(), first.id()));
			}
		}
		Map<String, List<ResourceRow>> attached = this.sessions.resources(served.stream().map(SessionRow::id).toList());
		return new SessionPage(
				served.stream().map((row) -> toSession(row, attached.getOrDefault(row.id(), List.of()))).toList(), next,
				prev);
	}

	public Session update(String workspaceId, String sessionId, SessionUpdateRequest request) {
		if (request.titleGiven()) {
			requireValidTitle(request.title());
		}
		if (request.vaultIdsGiven()) {
			throw ApiException.invalidRequest("vault_ids cannot be changed after the session is created");
		}
		TextRules.requireValidTextWithin("budget", request.budget());
		SessionRow session = this.sessions.owned(workspaceId, sessionId, true);
		SessionAgent agent = session.agent();
		if (request.agent() != null) {
			if (session.managedBy() != null) {
				throw ApiException.invalidRequest("session " + sessionId + " runs " + session.managedBy()
						+ " with a built-in agent, which cannot be changed; its title and metadata can");
			}
			if (session.status() == SessionStatus.RUNNING) {
				throw ApiException.invalidRequest(
						"session " + sessionId + " is running; its agent can be changed only while it is idle");
			}
			agent = this.agents.updateSessionAgent(session.agent(), request.agent());
		}
		String title = request.titleGiven() ? request.title() : session.title();
		Map<String, String> metadata = Metadata.patch(session.metadata(), request.metadata());
		Map<String, Object> budget = (request.budget() != null) ? request.budget() : session.budget();
		boolean changed = !agent.equals(session.agent()) || !Objects.equals(title, session.title())
				|| !metadata.equals(session.metadata()) || !Objects.equals(budget, session.budget());
		SessionRow updated = session;
		if (changed) {
			updated = new SessionRow(session.id(), workspaceId, session.agentId(), session.agentVersion(), agent,
					session.environmentId(), session.status(), title, metadata, session.vaultIds(), budget,
					session.usage(), session.createdAt(), Timestamps.now(), session.archivedAt(), session.managedBy(),
					session.selfHosted());
			this.sessions.update(updated);
			this.publisher.publishEvent(WebhookEvent.of(workspaceId, sessionId, "session.updated"));
		}
		return toSession(updated, resourcesOf(sessionId));
	}

	/**
	 * Archives a session: it can still be read and streamed, but takes no new events. As
	 * on the platform, where an archived session is terminated, webhooks hear
	 * {@code session.status_terminated} too; the session keeps its status.
	 */
	public Session archive(String workspaceId, String sessionId) {
		SessionRow session = this.sessions.owned(workspaceId, sessionId, true);
		if (session.isArchived()) {
			return toSession(session, resourcesOf(sessionId));
		}
		requireNotRunning(session, "archived");
		Instant now = Timestamps.now();
		SessionRow archived = new SessionRow(session.id(), workspaceId, session.agentId(), session.agentVersion(),
				session.agent(), session.environmentId(), session.status(), session.title(), session.metadata(),
				session.vaultIds(), session.budget(), session.usage(), session.createdAt(), now, now,
				session.managedBy(), session.selfHosted());
		this.sessions.update(archived);
		this.publisher
			.publishEvent(WebhookEvent.of(workspaceId, sessionId, "session.archived", "session.status_terminated"));
		this.publisher.publishEvent(new SessionClosed(workspaceId, sessionId, false));
		return toSession(archived, resourcesOf(sessionId));
	}

	/**
	 * Deletes a session with its events; the memory versions it wrote stay, still naming
	 * it.
	 */
	public Deleted delete(String workspaceId, String sessionId) {
		SessionRow session = this.sessions.owned(workspaceId, sessionId, true);
		requireNotRunning(session, "deleted");
		this.sessions.delete(sessionId);
		this.events.announceDeleted(sessionId);
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, sessionId, "session.deleted"));
		this.publisher.publishEvent(new SessionClosed(workspaceId, sessionId, true));
		return new Deleted(sessionId, "session_deleted");
	}

	@Transactional(readOnly = true)
	public ListPage<SessionResource> listResources(String workspaceId, String sessionId, PageParams page) {
		this.sessions.owned(workspaceId, sessionId, false);
		String scope = "session_resources|" + sessionId;
		int after = (page.page() != null) ? parsePosition(PageCursor.decode(page.page(), scope, 1).get(0)) : -1;
		return ListPage.of(this.sessions.resources(sessionId, after, page.limit() + 1), page.limit(),
				ResourceRow::resource, (last) -> PageCursor.encode(scope, List.of(Integer.toString(last.position()))));
	}

	@Transactional(readOnly = true)
	public SessionResource getResource(String workspaceId, String sessionId, String resourceId) {
		this.sessions.owned(workspaceId, sessionId, false);
		return findResource(sessionId, resourceId).resource();
	}

	public SessionResource addResource(String workspaceId, String sessionId, Map<String, Object> param) {
		if (param == null) {
			throw ApiException.invalidRequest("the body must be a resource object");
		}
		TextRules.requireValidTextWithin("the resource", param);
		SessionRow session = this.sessions.owned(workspaceId, sessionId, true);
		requireNotArchived(session);
		ResourceRow resource = this.resources.add(sessionId, this.sessions.nextResourcePosition(sessionId), param,
				Timestamps.now());
		this.sessions.insertResource(resource);
		return resource.resource();
	}

	public SessionResource updateResource(String workspaceId, String sessionId, String resourceId,
			Map<String, Object> param) {
		this.sessions.owned(workspaceId, sessionId, true);
		ResourceRow resource = findResource(sessionId, resourceId);
		if (!(resource.resource() instanceof SessionResource.GithubRepositoryResource repository)) {
			throw ApiException.invalidRequest("only github_repository resources can be updated, and only their"
					+ " authorization_token; resource " + resourceId + " is a " + resource.type());
		}
		if (param == null || param.keySet().stream().anyMatch((key) -> !key.equals("authorization_token"))
				|| !(param.get("authorization_token") instanceof String)) {
			throw ApiException
				.invalidRequest("a github_repository resource update takes only authorization_token," + " a string");
		}
		// The token is used, never shown: the resource as returned does not change.
		ResourceRow updated = new ResourceRow(sessionId, resource.position(), repository.updated(Timestamps.now()));
		this.sessions.updateResource(updated);
		return updated.resource();
	}

	public Deleted deleteResource(String workspaceId, String sessionId, String resourceId) {
		this.sessions.owned(workspaceId, sessionId, true);
		ResourceRow resource = findResource(sessionId, resourceId);
		if (ResourceRow.MEMORY_STORE.equals(resource.type())) {
			throw ApiException.invalidRequest("memory_store resources cannot be removed from a session; they stay"
					+ " attached for the session's life");
		}
		this.sessions.deleteResource(resourceId);
		return new Deleted(resourceId, "session_resource_deleted");
	}

	private List<ResourceRow> resourcesOf(String sessionId) {
		return this.sessions.resources(List.of(sessionId)).getOrDefault(sessionId, List.of());
	}

	private ResourceRow findResource(String sessionId, String resourceId) {
		return resourcesOf(sessionId).stream()
			.filter((resource) -> resource.id().equals(resourceId))
			.findFirst()
			.orElseThrow(() -> ApiException.notFound("no resource " + resourceId + " in session " + sessionId));
	}

	static Session toSession(SessionRow session, List<ResourceRow> resources) {
		Instant end = (session.archivedAt() != null) ? session.archivedAt() : Timestamps.now();
		Session.Stats stats = new Session.Stats(Duration.between(session.createdAt(), end).toMillis() / 1000.0);
		return new Session(session.id(), Session.TYPE, session.agent(), session.environmentId(),
				resources.stream().map(ResourceRow::resource).toList(), session.status(), session.title(),
				session.metadata(), session.archivedAt(), session.createdAt(), session.updatedAt(), session.budget(),
				List.of(), stats, session.usage(), session.vaultIds());
	}

	static void requireNotArchived(SessionRow session) {
		if (session.isArchived()) {
			throw ApiException.invalidRequest("session " + session.id() + " is archived; it takes no new events");
		}
	}

	private void requireNotRunning(SessionRow session, String what) {
		if (session.managedBy() != null
				&& (session.status() != SessionStatus.IDLE || this.events.hasQueuedMessage(session.id()))) {
			throw ApiException.invalidRequest("session " + session.id() + " runs " + session.managedBy()
					+ "; it can be " + what + " once " + session.managedBy() + " has ended (cancel it to end it)");
		}
		if (session.status() == SessionStatus.RUNNING || session.status() == SessionStatus.RESCHEDULING) {
			throw ApiException.invalidRequest("session " + session.id() + " is " + session.status().wireName()
					+ "; it can be " + what + " once it is idle (send user.interrupt to stop it)");
		}
	}

	private static void requireValidTitle(String title) {
		if (title != null) {
			TextRules.requireValidText("title", title);
			TextRules.requireLength("title", title, 0, MAX_TITLE_LENGTH);
		}
	}

	private static void requireStrings(String field, List<Object> values) {
		if (values != null && values.stream().anyMatch((value) -> !(value instanceof String))) {
			throw ApiException.invalidRequest(field + " must be an array of strings");
		}
	}

	private static int parsePosition(String part) {
		try {
			return Integer.parseInt(part);
		}
		catch (NumberFormatException ex) {
			throw ApiException.invalidRequest("page is not a valid page cursor");
		}
	}

}
