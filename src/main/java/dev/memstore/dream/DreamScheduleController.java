package dev.memstore.dream;

import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dream schedules in the operator API, guarded by the admin key like the rest of
 * {@code /_memstore}.
 */
@RestController
@RequestMapping("/_memstore/workspaces/{workspace_id}/dream_schedules")
class DreamScheduleController {

	private final DreamScheduleService schedules;

	DreamScheduleController(DreamScheduleService schedules) {
		this.schedules = schedules;
	}

	@PostMapping
	DreamSchedule create(@PathVariable("workspace_id") String workspaceId,
			@RequestBody DreamScheduleCreateRequest body) {
		return this.schedules.create(workspaceId, body);
	}

	@GetMapping
	ListPage<DreamSchedule> list(@PathVariable("workspace_id") String workspaceId,
			@RequestParam(name = "memory_store_id", required = false) String storeId, PageParams page) {
		return this.schedules.list(workspaceId, storeId, page);
	}

	@GetMapping("/{schedule_id}")
	DreamSchedule retrieve(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("schedule_id") String scheduleId) {
		return this.schedules.get(workspaceId, scheduleId);
	}

	@PostMapping("/{schedule_id}")
	DreamSchedule update(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("schedule_id") String scheduleId, @RequestBody DreamScheduleUpdateRequest body) {
		return this.schedules.update(workspaceId, scheduleId, body);
	}

	@DeleteMapping("/{schedule_id}")
	DreamSchedule.Deleted delete(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("schedule_id") String scheduleId) {
		return this.schedules.delete(workspaceId, scheduleId);
	}

}
