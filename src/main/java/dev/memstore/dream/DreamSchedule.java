package dev.memstore.dream;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code dream_schedule} object of memstore's operator API: a cron on which a dream
 * of one memory store is created, reading the sessions that mounted the store since the
 * schedule's previous run.
 *
 * @param name a label for people, or {@code null}
 * @param cron as written when the schedule was created or last changed
 * @param timeZone the IANA time zone the cron is read in
 * @param model the model of the dreams it creates, always as an object
 * @param enabled whether it runs; a disabled schedule has no {@code nextRunAt}
 * @param nextRunAt when it runs next, or {@code null} while disabled
 * @param lastRunAt when it last ran (created a dream, was skipped or was refused)
 * @param lastDreamId the last dream it created; a later run that created none leaves it
 * @param lastResult what its last run did: {@code created dream drm_…},
 * {@code skipped: …} or why the dream was refused
 */
@JsonPropertyOrder({ "id", "type" })
public record DreamSchedule(String id, String type, String name, String memoryStoreId, String cron, String timeZone,
		Dream.Model model, String instructions, Dream.OutputBehavior outputBehavior, boolean enabled, Instant nextRunAt,
		Instant lastRunAt, String lastDreamId, String lastResult, Instant createdAt, Instant updatedAt) {

	static final String TYPE = "dream_schedule";

	/**
	 * The answer to a deletion:
	 * {@code {"id":"drmsch_…","type":"dream_schedule_deleted"}}.
	 */
	public record Deleted(String id, String type) {

		static Deleted of(String id) {
			return new Deleted(id, "dream_schedule_deleted");
		}

	}

}
