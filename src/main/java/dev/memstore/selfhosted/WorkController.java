package dev.memstore.selfhosted;

import java.util.Map;
import java.util.Optional;

import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/environments/{environment_id}/work}: the queue self-hosted workers poll.
 * Which credential may call which endpoint is decided before any of these runs, by
 * {@link CredentialScopes}.
 */
@RestController
@BetaApi(BetaFamily.MANAGED_AGENTS)
@RequestMapping("/v1/environments/{environment_id}/work")
class WorkController {

	/** The JSON text of no work. */
	static final String NO_WORK = "null";

	private final WorkQueue queue;

	WorkController(WorkQueue queue) {
		this.queue = queue;
	}

	/**
	 * No work is a 200 whose JSON body is {@code null}: the TypeScript worker reads it
	 * (as it would a 204) as no work, and the Java SDK 3.16 can read only this, as it
	 * fails on the empty body of a 204.
	 */
	@GetMapping("/poll")
	ResponseEntity<?> poll(Caller caller, @PathVariable("environment_id") String environmentId,
			@RequestParam(name = "block_ms", required = false) String blockMs,
			@RequestParam(name = "reclaim_older_than_ms", required = false) String reclaimOlderThanMs,
			@RequestHeader(name = "Anthropic-Worker-ID", required = false) String workerId) {
		Optional<Work> work = this.queue.poll(caller, environmentId, blockMs, reclaimOlderThanMs, workerId);
		if (work.isPresent()) {
			return ResponseEntity.ok(work.get());
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(NO_WORK);
	}

	@GetMapping
	ListPage<Work> list(Caller caller, @PathVariable("environment_id") String environmentId, PageParams page) {
		return this.queue.list(caller, environmentId, page);
	}

	@GetMapping("/stats")
	WorkQueueStats stats(Caller caller, @PathVariable("environment_id") String environmentId) {
		return this.queue.stats(caller, environmentId);
	}

	@GetMapping("/{work_id}")
	Work retrieve(Caller caller, @PathVariable("environment_id") String environmentId,
			@PathVariable("work_id") String workId) {
		return this.queue.get(caller, environmentId, workId);
	}

	@PostMapping("/{work_id}")
	Work update(Caller caller, @PathVariable("environment_id") String environmentId,
			@PathVariable("work_id") String workId, @RequestBody(required = false) WorkUpdateRequest body) {
		return this.queue.update(caller, environmentId, workId, (body != null) ? body.metadata() : null);
	}

	@PostMapping("/{work_id}/ack")
	Work acknowledge(Caller caller, @PathVariable("environment_id") String environmentId,
			@PathVariable("work_id") String workId) {
		return this.queue.acknowledge(caller, environmentId, workId);
	}

	@PostMapping("/{work_id}/heartbeat")
	WorkHeartbeat heartbeat(Caller caller, @PathVariable("environment_id") String environmentId,
			@PathVariable("work_id") String workId,
			@RequestParam(name = "expected_last_heartbeat", required = false) String expectedLastHeartbeat,
			@RequestParam(name = "desired_ttl_seconds", required = false) String desiredTtlSeconds) {
		return this.queue.heartbeat(caller, environmentId, workId, expectedLastHeartbeat, desiredTtlSeconds);
	}

	@PostMapping("/{work_id}/stop")
	Work stop(Caller caller, @PathVariable("environment_id") String environmentId,
			@PathVariable("work_id") String workId, @RequestBody(required = false) WorkStopRequest body) {
		return this.queue.stop(caller, environmentId, workId, (body != null) ? body.force() : null);
	}

	/**
	 * @param metadata a patch: a string sets a key, {@code null} removes it
	 */
	record WorkUpdateRequest(Map<String, String> metadata) {
	}

	/**
	 * @param force stop at once rather than gracefully
	 */
	record WorkStopRequest(Boolean force) {
	}

}
