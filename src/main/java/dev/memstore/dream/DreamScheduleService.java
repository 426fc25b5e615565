package dev.memstore.dream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.session.SessionService;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dream schedules of a workspace, and their runs. A run is one transaction: the due
 * schedule is claimed with {@code FOR UPDATE SKIP LOCKED}, its dream created and its next
 * due time set to the cron's next time after now. So each due time runs once whatever the
 * number of instances, and due times missed while memstore was down run once, not once
 * each.
 */
@Service
@Transactional
public class DreamScheduleService {

	static final String ID_PREFIX = "drmsch_";

	static final int MAX_NAME_LENGTH = 255;

	static final String CREATED = "created dream ";

	static final String SKIPPED = "skipped: ";

	private static final Logger logger = LoggerFactory.getLogger(DreamScheduleService.class);

	private final DreamScheduleRepository schedules;

	private final DreamService dreams;

	private final MemoryStoreService stores;

	private final SessionService sessions;

	private final WorkspaceService workspaces;

	private final ApplicationEventPublisher publisher;

	DreamScheduleService(DreamScheduleRepository schedules, DreamService dreams, MemoryStoreService stores,
			SessionService sessions, WorkspaceService workspaces, ApplicationEventPublisher publisher) {
		this.schedules = schedules;
		this.dreams = dreams;
		this.stores = stores;
		this.sessions = sessions;
		this.workspaces = workspaces;
		this.publisher = publisher;
	}

	/**
	 * Creates a schedule of a store that is not archived. Its first run reads the
	 * sessions created from now on.
	 */
	public DreamSchedule create(String workspaceId, DreamScheduleCreateRequest request) {
		if (request.memoryStoreId() == null) {
			throw ApiException.invalidRequest("memory_store_id is required");
		}
		DreamCron when = DreamCron.of(request.cron(), request.timeZone());
		DreamCreateRequest.DreamSettings settings = settings(request.memoryStoreId(), request.model(),
				request.instructions(), request.outputBehavior());
		requireValidName(request.name());
		MemoryStore store = this.stores.get(workspaceId, request.memoryStoreId());
		if (store.archivedAt() != null) {
			throw ApiException.invalidRequest(
					"memory store " + store.id() + " is archived; a dream reads only a store that is not archived");
		}
		boolean enabled = !Boolean.FALSE.equals(request.enabled());
		Instant now = Timestamps.now();
		DreamScheduleRow schedule = new DreamScheduleRow(Ids.next(ID_PREFIX), workspaceId, store.id(), request.name(),
				when.cron(), when.timeZone(), settings.model(), settings.instructions(), settings.outputBehavior(),
				enabled, enabled ? when.nextAfter(now) : null, null, null, null, now, now, now);
		this.schedules.insert(schedule);
		this.publisher.publishEvent(new ScheduleChanged(schedule.id()));
		return schedule.toSchedule();
	}

	@Transactional(readOnly = true)
	public DreamSchedule get(String workspaceId, String scheduleId) {
		return owned(workspaceId, scheduleId, false).toSchedule();
	}

	/**
	 * A workspace's schedules newest first, or one store's when {@code storeId} is given.
	 */
	@Transactional(readOnly = true)
	public ListPage<DreamSchedule> list(String workspaceId, String storeId, PageParams page) {
		if (storeId != null) {
			this.stores.requireOwned(workspaceId, storeId);
		}
		else {
			this.workspaces.getWorkspace(workspaceId);
		}
		String scope = "dream_schedules|" + ((storeId != null) ? storeId : "");
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		return ListPage.of(this.schedules.list(workspaceId, storeId, after, page.limit()), page.limit(),
				DreamScheduleRow::toSchedule,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	/**
	 * Changes the fields sent, and sets the next due time anew: the cron's next time
	 * after now, or none while disabled.
	 */
	public DreamSchedule update(String workspaceId, String scheduleId, DreamScheduleUpdateRequest request) {
		DreamScheduleRow current = owned(workspaceId, scheduleId, true);
		if (request.memoryStoreId() != null) {
			throw ApiException
				.invalidRequest("memory_store_id cannot be changed; create a schedule for the other store "
						+ "and delete this one");
		}
		String timeZone = DreamScheduleUpdateRequest.Sent.or(request.timeZone(), current.timeZone());
		DreamCron when = DreamCron.of(DreamScheduleUpdateRequest.Sent.or(request.cron(), current.cron()), timeZone);
		DreamCreateRequest.DreamSettings settings = settings(current.memoryStoreId(),
				DreamScheduleUpdateRequest.Sent.or(request.model(), asSent(current.model())),
				DreamScheduleUpdateRequest.Sent.or(request.instructions(), current.instructions()),
				DreamScheduleUpdateRequest.Sent.or(request.outputBehavior(), asSent(current.outputBehavior())));
		String name = DreamScheduleUpdateRequest.Sent.or(request.name(), current.name());
		requireValidName(name);
		if (request.enabled() != null && request.enabled().value() == null) {
			throw ApiException.invalidRequest("enabled must be true or false");
		}
		boolean enabled = DreamScheduleUpdateRequest.Sent.or(request.enabled(), current.enabled());
		Instant now = Timestamps.now();
		DreamScheduleRow updated = new DreamScheduleRow(current.id(), workspaceId, current.memoryStoreId(), name,
				when.cron(), when.timeZone(), settings.model(), settings.instructions(), settings.outputBehavior(),
				enabled, enabled ? when.nextAfter(now) : null, current.lastRunAt(), current.lastDreamId(),
				current.lastResult(), current.sessionsSince(), current.createdAt(), now);
		this.schedules.update(updated);
		this.publisher.publishEvent(new ScheduleChanged(scheduleId));
		return updated.toSchedule();
	}

	/**
	 * Deletes a schedule; the dreams it created stay.
	 */
	public DreamSchedule.Deleted delete(String workspaceId, String scheduleId) {
		if (!Ids.isWellFormed(scheduleId, ID_PREFIX) || this.schedules.delete(workspaceId, scheduleId) == 0) {
			throw notFound(scheduleId);
		}
		return DreamSchedule.Deleted.of(scheduleId);
	}

	/**
	 * Runs the enabled schedule due longest ago that no other worker is running: claims
	 * it, creates its dream from the sessions that mounted its store since its previous
	 * run (or records that there were none), and moves it to its next due time, all in
	 * this transaction.
	 * @return whether a due schedule was found
	 * @throws RunFailed when the dream could not be created; the transaction rolls back,
	 * and {@link #recordFailedRun} records why
	 */
	boolean runNextDue() {
		Optional<DreamScheduleRow> claimed = this.schedules.claimDue(Timestamps.now());
		if (claimed.isEmpty()) {
			return false;
		}
		DreamScheduleRow schedule = claimed.get();
		try {
			run(schedule);
		}
		catch (RuntimeException ex) {
			throw new RunFailed(schedule.id(), schedule.nextRunAt(), ex);
		}
		return true;
	}

	private void run(DreamScheduleRow schedule) {
		Instant now = Timestamps.now();
		Instant next = schedule.when().nextAfter(now);
		List<String> sessionIds = this.sessions.idsMountingStoreCreatedBetween(schedule.workspaceId(),
				schedule.memoryStoreId(), schedule.sessionsSince(), now, DreamCreateRequest.MAX_SESSIONS);
		if (sessionIds.isEmpty()) {
			this.schedules.recordRun(schedule.id(), now, next, null, SKIPPED + "no session mounted memory store "
					+ schedule.memoryStoreId() + " since " + schedule.sessionsSince(), now);
			return;
		}
		Dream dream = this.dreams.create(schedule.workspaceId(), dreamRequest(schedule, sessionIds), schedule.id());
		this.schedules.recordRun(schedule.id(), now, next, dream.id(), CREATED + dream.id(), now);
	}

	private static DreamCreateRequest dreamRequest(DreamScheduleRow schedule, List<String> sessionIds) {
		return new DreamCreateRequest(
				List.of(Map.of("type", Dream.MEMORY_STORE, "memory_store_id", schedule.memoryStoreId()),
						Map.of("type", Dream.SESSIONS, "session_ids", sessionIds)),
				asSent(schedule.model()), schedule.instructions(), asSent(schedule.outputBehavior()));
	}

	/**
	 * The model as a request sends it, to be checked again by the rules of a request.
	 */
	private static Map<String, Object> asSent(Dream.Model model) {
		return Map.of("id", model.id(), "speed", model.speed());
	}

	private static Map<String, Object> asSent(Dream.OutputBehavior behavior) {
		return (behavior.memoryStoreId() != null)
				? Map.of("type", behavior.type(), "memory_store_id", behavior.memoryStoreId())
				: Map.of("type", behavior.type());
	}

	/**
	 * Records a run whose dream was refused (the store was archived, another
	 * {@code update_existing} dream holds it, …): the schedule moves to its next due time
	 * all the same, and its next run reads the sessions this one would have read. Nothing
	 * happens if another worker ran that due time meanwhile.
	 */
	void recordFailedRun(RunFailed failed) {
		Optional<DreamScheduleRow> still = this.schedules.lockStillDue(failed.scheduleId(), failed.dueAt());
		if (still.isEmpty()) {
			return;
		}
		DreamScheduleRow schedule = still.get();
		Throwable cause = failed.getCause();
		String result;
		if (cause instanceof ApiException refused) {
			logger.info("Dream schedule {} ran, but its dream was refused: {}", schedule.id(), refused.getMessage());
			result = refused.getMessage();
		}
		else {
			logger.warn("Dream schedule {} failed to create its dream", schedule.id(), cause);
			result = "failed: " + cause;
		}
		Instant now = Timestamps.now();
		this.schedules.recordRun(schedule.id(), now, schedule.when().nextAfter(now), null, TextRules.storable(result),
				schedule.sessionsSince());
	}

	/**
	 * When the next enabled schedule is due, if any is.
	 */
	@Transactional(readOnly = true)
	Optional<Instant> earliestDue() {
		return this.schedules.earliestDue();
	}

	private static DreamCreateRequest.DreamSettings settings(String storeId, Object model, Object instructions,
			Object outputBehavior) {
		return new DreamCreateRequest(null, model, instructions, outputBehavior).validateSettings(storeId,
				"the schedule's memory_store_id");
	}

	private static void requireValidName(String name) {
		if (name != null) {
			TextRules.requireName("name", name, MAX_NAME_LENGTH);
		}
	}

	private DreamScheduleRow owned(String workspaceId, String scheduleId, boolean lock) {
		if (!Ids.isWellFormed(scheduleId, ID_PREFIX)) {
			throw notFound(scheduleId);
		}
		return this.schedules.find(workspaceId, scheduleId, lock).orElseThrow(() -> notFound(scheduleId));
	}

	private static ApiException notFound(String scheduleId) {
		return ApiException.notFound("no dream schedule " + scheduleId);
	}

	/**
	 * Published when a schedule is created or changed, so that this instance's worker
	 * looks again at when the next one is due.
	 */
	record ScheduleChanged(String scheduleId) {

	}

	/**
	 * A due schedule whose dream could not be created.
	 */
	static final class RunFailed extends RuntimeException {

		private final String scheduleId;

		private final Instant dueAt;

		RunFailed(String scheduleId, Instant dueAt, RuntimeException cause) {
			super(cause.getMessage(), cause);
			this.scheduleId = scheduleId;
			this.dueAt = dueAt;
		}

		String scheduleId() {
			return this.scheduleId;
		}

		Instant dueAt() {
			return this.dueAt;
		}

	}

}
