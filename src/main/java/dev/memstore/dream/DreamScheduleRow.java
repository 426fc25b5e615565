package dev.memstore.dream;

import java.time.Instant;

/**
 * A row of {@code dream_schedules}.
 *
 * @param sessionsSince the next run reads the sessions created after this
 */
record DreamScheduleRow(String id, String workspaceId, String memoryStoreId, String name, String cron, String timeZone,
		Dream.Model model, String instructions, Dream.OutputBehavior outputBehavior, boolean enabled, Instant nextRunAt,
		Instant lastRunAt, String lastDreamId, String lastResult, Instant sessionsSince, Instant createdAt,
		Instant updatedAt) {

	DreamSchedule toSchedule() {
		return new DreamSchedule(this.id, DreamSchedule.TYPE, this.name, this.memoryStoreId, this.cron, this.timeZone,
				this.model, this.instructions, this.outputBehavior, this.enabled, this.nextRunAt, this.lastRunAt,
				this.lastDreamId, this.lastResult, this.createdAt, this.updatedAt);
	}

	DreamCron when() {
		return DreamCron.of(this.cron, this.timeZone);
	}

}
