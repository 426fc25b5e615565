package dev.memstore.dream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Timestamps;
import dev.memstore.memory.Actor;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryView;
import dev.memstore.memory.MemoryService;
import dev.memstore.session.Session;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.UserMessage;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.SessionService;
import dev.memstore.session.SessionUsage;
import dev.memstore.session.StopReason;
import dev.memstore.session.TurnEnded;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreCreateRequest;
import dev.memstore.store.MemoryStoreService;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dreams of a workspace. A dream is created {@code pending}; a worker begins it (creates
 * its session and, for {@code create_new}, its output store as a copy of the input) and
 * the session's one turn does the work; the turn's end gives the dream its final status.
 * Every method takes the caller's workspace: another workspace's dream, store or session
 * is indistinguishable from one that does not exist.
 */
@Service
@Transactional
public class DreamService {

	/**
	 * The id of the built-in agent that dreams' sessions run.
	 */
	public static final String AGENT_ID = "agent_memstore_dreamer";

	static final String ID_PREFIX = "drm_";

	/**
	 * Why a dream failed when its inputs were gone or archived by the time it began.
	 */
	static final String INPUT_UNAVAILABLE = "input_unavailable";

	static final String INTERNAL_ERROR = "internal_error";

	private static final Logger logger = LoggerFactory.getLogger(DreamService.class);

	private final DreamRepository dreams;

	private final MemoryStoreService stores;

	private final MemoryService memories;

	private final SessionService sessions;

	private final SessionEventService events;

	private final DreamProperties properties;

	private final ApplicationEventPublisher publisher;

	DreamService(DreamRepository dreams, MemoryStoreService stores, MemoryService memories, SessionService sessions,
			SessionEventService events, DreamProperties properties, ApplicationEventPublisher publisher) {
		this.dreams = dreams;
		this.stores = stores;
		this.memories = memories;
		this.sessions = sessions;
		this.events = events;
		this.properties = properties;
		this.publisher = publisher;
	}

	public Dream create(String workspaceId, DreamCreateRequest request) {
		return create(workspaceId, request, null);
	}

	/**
	 * Creates a dream, {@code pending}.
	 * @param scheduleId the schedule that creates it, or {@code null}
	 */
	public Dream create(String workspaceId, DreamCreateRequest request, String scheduleId) {
		DreamCreateRequest.DreamSpec spec = request.validate();
		MemoryStore store = this.stores.get(workspaceId, spec.memoryStoreId());
		if (store.archivedAt() != null) {
			throw ApiException.invalidRequest(
					"memory store " + store.id() + " is archived; a dream reads only a store that is not archived");
		}
		Map<String, SessionUsage> found = this.sessions.usageOf(workspaceId, spec.sessionIds());
		for (String sessionId : spec.sessionIds()) {
			if (!found.containsKey(sessionId)) {
				throw ApiException.notFound("no session " + sessionId);
			}
		}
		boolean updatesExisting = spec.outputBehavior().updatesExisting();
		DreamRow dream = new DreamRow(Ids.next(ID_PREFIX), workspaceId, DreamStatus.PENDING, store.id(),
				spec.sessionIds(), spec.model(), spec.instructions(), spec.outputBehavior(), null, null, null,
				updatesExisting, scheduleId, Timestamps.now(), null, null);
		if (!this.dreams.insert(dream)) {
			// Another update_existing dream holds the store: the unique index on holders
			// decides, so two creations at once cannot both hold it.
			throw storeHeld(store.id(), this.dreams.holderOf(store.id()).orElse(null));
		}
		this.publisher.publishEvent(new DreamCreated(dream.id()));
		return dream.toDream(Dream.Usage.NONE);
	}

	@Transactional(readOnly = true)
	public Dream get(String workspaceId, String dreamId) {
		return withUsage(List.of(owned(workspaceId, dreamId, false))).get(0);
	}

	/**
	 * The workspace's dreams, newest first.
	 */
	@Transactional(readOnly = true)
	public ListPage<Dream> list(String workspaceId, boolean includeArchived, List<String> statuses,
			CreatedAtRange createdAt, PageParams page) {
		List<DreamStatus> wanted = statuses.stream().map(DreamStatus::parse).distinct().sorted().toList();
		String scope = "dreams|" + includeArchived + "|" + wanted + "|" + createdAt.scopeKey();
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		List<DreamRow> rows = this.dreams.list(workspaceId, includeArchived, wanted, createdAt, after, page.limit());
		List<DreamRow> served = rows.subList(0, Math.min(rows.size(), page.limit()));
		List<Dream> data = withUsage(served);
		ListPage<DreamRow> rowPage = ListPage.of(rows, page.limit(), (row) -> row,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
		return new ListPage<>(data, rowPage.nextPage());
	}

	/**
	 * Hides a final dream from the default list; a pending or running one must be
	 * canceled first.
	 */
	public Dream archive(String workspaceId, String dreamId) {
		DreamRow dream = owned(workspaceId, dreamId, true);
		if (!dream.status().isFinal()) {
			throw ApiException.invalidRequest(
					"dream " + dreamId + " is " + dream.status().wireName() + "; cancel it before archiving it");
		}
		this.dreams.archive(dreamId, Timestamps.now());
		return get(workspaceId, dreamId);
	}

	/**
	 * Stops a pending or running dream; what it wrote stays. Its session stops at its
	 * next step, and an {@code update_existing} dream holds its store until then.
	 */
	public Dream cancel(String workspaceId, String dreamId) {
		DreamRow dream = owned(workspaceId, dreamId, true);
		switch (dream.status()) {
			case CANCELED -> {
				return get(workspaceId, dreamId);
			}
			case COMPLETED, FAILED -> throw ApiException.invalidRequest("dream " + dreamId + " is "
					+ dream.status().wireName() + "; only a pending or running dream can be canceled");
			case PENDING -> this.dreams.end(dreamId, DreamStatus.CANCELED, null, Timestamps.now(), true);
			case RUNNING -> {
				this.dreams.end(dreamId, DreamStatus.CANCELED, null, Timestamps.now(), false);
				this.events.interruptManaged(dream.sessionId());
			}
		}
		return get(workspaceId, dreamId);
	}

	/**
	 * Adopts a {@code create_new} dream's result after a person reviewed it: the input
	 * store is made to hold exactly what the output store holds, each change a new
	 * version by {@code author} naming the output version it copies, in one transaction
	 * (see {@link MemoryService#mirror}). Nothing is rewritten: the input store's history
	 * keeps every earlier version, and the dream and its output store stay as they are.
	 * @return how many memories of the input store were created, modified and deleted
	 */
	public MemoryService.MirrorResult adopt(String workspaceId, String dreamId, Actor author) {
		DreamRow dream = owned(workspaceId, dreamId, false);
		if (dream.status() != DreamStatus.COMPLETED) {
			throw ApiException.invalidRequest("dream " + dreamId + " is " + dream.status().wireName()
					+ "; only a completed dream can be adopted");
		}
		if (dream.outputBehavior().updatesExisting()) {
			throw ApiException.invalidRequest("dream " + dreamId
					+ " wrote into its input store (output_behavior update_existing); only a create_new dream has a"
					+ " separate result to adopt");
		}
		List<String> existing = this.stores.ownedAmong(workspaceId, (dream.outputStoreId() != null)
				? List.of(dream.outputStoreId(), dream.memoryStoreId()) : List.of(dream.memoryStoreId()));
		if (!existing.contains(dream.outputStoreId())) {
			throw ApiException.invalidRequest("the output store " + dream.outputStoreId() + " of dream " + dreamId
					+ " was deleted; there is nothing to adopt");
		}
		if (!existing.contains(dream.memoryStoreId())) {
			throw ApiException
				.invalidRequest("the input store " + dream.memoryStoreId() + " of dream " + dreamId + " was deleted");
		}
		if (this.stores.get(workspaceId, dream.memoryStoreId()).archivedAt() != null) {
			throw ApiException.invalidRequest("the input store " + dream.memoryStoreId() + " of dream " + dreamId
					+ " is archived: it takes no new versions, so the dream cannot be adopted into it");
		}
		this.dreams.holderOf(dream.memoryStoreId()).ifPresent((holder) -> {
			// Two writers reorganizing one store at once would undo each other's work.
			throw storeHeld(dream.memoryStoreId(), holder);
		});
		return this.memories.mirror(workspaceId, dream.outputStoreId(), dream.memoryStoreId(), author);
	}

	/**
	 * Begins the oldest pending dream nobody else is beginning, in one transaction: its
	 * session is created with the output store mounted read-write (for
	 * {@code create_new}, a new store that first receives a copy of the input store, each
	 * version naming what it copies) and its one message queued; the dream runs.
	 * @return whether a dream was found
	 * @throws BeginFailed when the dream cannot begin; the transaction rolls back, and
	 * {@link #failToBegin} records why
	 */
	boolean beginNextPending() {
		Optional<DreamRow> claimed = this.dreams.claimPending();
		if (claimed.isEmpty()) {
			return false;
		}
		DreamRow dream = claimed.get();
		try {
			begin(dream);
		}
		catch (ApiException ex) {
			throw new BeginFailed(dream.id(), ex);
		}
		return true;
	}

	private void begin(DreamRow dream) {
		MemoryStore input = this.stores.get(dream.workspaceId(), dream.memoryStoreId());
		if (input.archivedAt() != null) {
			throw ApiException.invalidRequest("memory store " + input.id() + " was archived before the dream began");
		}
		String outputStoreId = input.id();
		if (!dream.outputBehavior().updatesExisting()) {
			outputStoreId = this.stores
				.create(dream.workspaceId(),
						new MemoryStoreCreateRequest(outputName(input.name()),
								"Output of dream " + dream.id() + ", which reorganized memory store " + input.id(),
								Map.of("dream_id", dream.id(), "dream_input_memory_store_id", input.id())))
				.id();
		}
		Session session = this.sessions.createManaged(dream.workspaceId(), dream.id(),
				DreamAgent.of(dream.model().id(), dream.instructions()), DreamAgent.ENVIRONMENT_ID,
				List.of(Map.of("type", "memory_store", "memory_store_id", outputStoreId, "access", "read_write")),
				"Dream " + dream.id(), DreamAgent.message(transcripts(dream), this.properties.transcriptChars()));
		if (!dream.outputBehavior().updatesExisting()) {
			this.memories.mirror(dream.workspaceId(), input.id(), outputStoreId, Actor.session(session.id()));
		}
		this.dreams.begin(dream.id(), session.id(), outputStoreId);
	}

	private static String outputName(String inputName) {
		String name = inputName + " (dream)";
		return (name.length() <= 255) ? name : inputName.substring(0, 255 - " (dream)".length()) + " (dream)";
	}

	/**
	 * Records that a dream could not begin: it fails with {@value #INPUT_UNAVAILABLE}.
	 */
	void failToBegin(String dreamId, ApiException cause) {
		logger.info("Dream {} could not begin: {}", dreamId, cause.getMessage());
		this.dreams.findById(dreamId, true)
			.filter((dream) -> dream.status() == DreamStatus.PENDING)
			.ifPresent((dream) -> this.dreams.end(dreamId, DreamStatus.FAILED,
					new Dream.Error(INPUT_UNAVAILABLE, cause.getMessage()), Timestamps.now(), true));
	}

	/**
	 * The id of the dream a session of the workspace runs; empty for every other session.
	 */
	@Transactional(readOnly = true)
	public Optional<String> dreamRunBy(String workspaceId, String sessionId) {
		return this.dreams.findBySession(sessionId, false)
			.filter((dream) -> dream.workspaceId().equals(workspaceId))
			.map(DreamRow::id);
	}

	/**
	 * The dream a session runs, for the agent loop; empty for every other session.
	 */
	@Transactional(readOnly = true)
	public Optional<DreamWork> workFor(String sessionId) {
		return this.dreams.findBySession(sessionId, false).map((dream) -> {
			List<DreamWork.SentMessage> messages = new ArrayList<>();
			if (dream.status() == DreamStatus.RUNNING) {
				for (DreamAgent.Transcript transcript : transcripts(dream)) {
					for (SessionEvent event : transcript.messages()) {
						if (event instanceof UserMessage user) {
							messages.add(new DreamWork.SentMessage(user.processedAt(), user.text()));
						}
					}
				}
			}
			return new DreamWork(dream.id(), dream.workspaceId(), dream.outputStoreId(),
					dream.status() == DreamStatus.RUNNING, messages);
		});
	}

	/**
	 * What an offline dream does to its output store, planned from the store as it is now
	 * (see {@link OfflineConsolidation}). The store is read a page at a time.
	 */
	@Transactional(readOnly = true)
	public OfflinePlan offlinePlan(DreamWork work) {
		OfflineConsolidation consolidation = new OfflineConsolidation(work.userMessages());
		forEachMemory(work, (memory) -> consolidation.read(memory.path(), memory.contentSha256(),
				memory.contentSizeBytes(), memory.content()));
		return consolidation.plan();
	}

	/**
	 * The parts a split step writes, from the memory as it is now; none if it is gone.
	 */
	@Transactional(readOnly = true)
	public List<OfflinePlan.Part> splitParts(DreamWork work, OfflinePlan.Split split) {
		return this.memories.findByPath(work.workspaceId(), work.outputStoreId(), split.path(), MemoryView.FULL)
			.map((memory) -> OfflineConsolidation.split(memory.content(), split.folder()))
			.orElse(List.of());
	}

	private void forEachMemory(DreamWork work, Consumer<Memory> action) {
		MemoryListQuery everything = new MemoryListQuery("/", false, false, MemoryView.FULL);
		String cursor = null;
		do {
			ListPage<MemoryListItem> page = this.memories.list(work.workspaceId(), work.outputStoreId(), everything,
					new PageParams(PageParams.MAX_LIMIT, cursor));
			page.data().forEach((item) -> action.accept((Memory) item));
			cursor = page.nextPage();
		}
		while (cursor != null);
	}

	/**
	 * A dream's session ended its turn: a running dream completes, or fails with the
	 * error that ended the turn; a canceled one lets go of its store.
	 */
	@EventListener
	void onTurnEnded(TurnEnded ended) {
		Optional<DreamRow> found = this.dreams.findBySession(ended.sessionId(), true);
		if (found.isEmpty()) {
			return;
		}
		DreamRow dream = found.get();
		if (dream.status() != DreamStatus.RUNNING) {
			this.dreams.releaseStore(dream.id());
			return;
		}
		if (ended.error() != null) {
			String type = ended.error().type().wireName();
			this.dreams.end(dream.id(), DreamStatus.FAILED,
					new Dream.Error("unknown_error".equals(type) ? INTERNAL_ERROR : type, ended.error().message()),
					Timestamps.now(), true);
		}
		else if (StopReason.END_TURN.equals(ended.stopReason())) {
			this.dreams.end(dream.id(), DreamStatus.COMPLETED, null, Timestamps.now(), true);
		}
		else {
			this.dreams.end(dream.id(), DreamStatus.FAILED,
					new Dream.Error(INTERNAL_ERROR, "the dream's session stopped: " + ended.stopReason().type()),
					Timestamps.now(), true);
		}
	}

	/**
	 * What each input session said, in the dream's order (session ids sorted, which is
	 * creation order); sessions deleted since are left out.
	 */
	private List<DreamAgent.Transcript> transcripts(DreamRow dream) {
		List<DreamAgent.Transcript> transcripts = new ArrayList<>();
		for (String sessionId : dream.sessionIds()) {
			try {
				Session session = this.sessions.get(dream.workspaceId(), sessionId);
				transcripts.add(new DreamAgent.Transcript(sessionId, session.title(), this.events
					.recentMessages(dream.workspaceId(), sessionId, this.properties.messagesPerSession())));
			}
			catch (ApiException ex) {
				if (ex.type() != ApiErrorType.NOT_FOUND) {
					throw ex;
				}
			}
		}
		return transcripts;
	}

	private DreamRow owned(String workspaceId, String dreamId, boolean lock) {
		if (!Ids.isWellFormed(dreamId, ID_PREFIX)) {
			throw ApiException.notFound("no dream " + dreamId);
		}
		return this.dreams.find(workspaceId, dreamId, lock)
			.orElseThrow(() -> ApiException.notFound("no dream " + dreamId));
	}

	/**
	 * The dreams as the API shows them, with their sessions' token counts so far.
	 */
	private List<Dream> withUsage(List<DreamRow> rows) {
		Map<String, List<String>> sessionsByWorkspace = new HashMap<>();
		for (DreamRow row : rows) {
			if (row.sessionId() != null) {
				sessionsByWorkspace.computeIfAbsent(row.workspaceId(), (key) -> new ArrayList<>()).add(row.sessionId());
			}
		}
		Map<String, SessionUsage> usage = new HashMap<>();
		sessionsByWorkspace.forEach((workspace, ids) -> usage.putAll(this.sessions.usageOf(workspace, ids)));
		return rows.stream().map((row) -> row.toDream(usage(usage.get(row.sessionId())))).toList();
	}

	private static Dream.Usage usage(SessionUsage usage) {
		if (usage == null) {
			return Dream.Usage.NONE;
		}
		return new Dream.Usage(
				usage.cacheCreation().ephemeral1hInputTokens() + usage.cacheCreation().ephemeral5mInputTokens(),
				usage.cacheReadInputTokens(), usage.inputTokens(), usage.outputTokens());
	}

	private static ApiException storeHeld(String storeId, String holder) {
		return new ApiException(ApiErrorType.CONFLICT,
				"memory store " + storeId + " is held by " + ((holder != null) ? "dream " + holder : "another dream")
						+ ", an update_existing dream that has not fully stopped; wait for it to end or cancel it, "
						+ "then retry");
	}

	/**
	 * Published when a dream is created, so that this instance begins it once the
	 * creation commits.
	 */
	record DreamCreated(String dreamId) {

	}

	/**
	 * A dream that could not begin.
	 */
	static final class BeginFailed extends RuntimeException {

		private final String dreamId;

		BeginFailed(String dreamId, ApiException cause) {
			super(cause.getMessage(), cause);
			this.dreamId = dreamId;
		}

		String dreamId() {
			return this.dreamId;
		}

		ApiException apiCause() {
			return (ApiException) getCause();
		}

	}

}
