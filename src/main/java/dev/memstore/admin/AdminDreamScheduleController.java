package dev.memstore.admin;

import java.util.Map;

import dev.memstore.dream.DreamSchedule;
import dev.memstore.dream.DreamScheduleCreateRequest;
import dev.memstore.dream.DreamScheduleService;
import dev.memstore.kernel.ApiException;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Scheduled dreams" section of a store's page: a store's schedules, a new one and
 * deleting one, through the service the operator API uses. The section is the fragment
 * {@code admin/schedules :: schedules}, which the store's page includes.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}/stores/{storeId}/dream_schedules")
class AdminDreamScheduleController {

	private final DreamScheduleService schedules;

	AdminDreamScheduleController(DreamScheduleService schedules) {
		this.schedules = schedules;
	}

	@PostMapping
	String create(@PathVariable String workspaceId, @PathVariable String storeId, @ModelAttribute ScheduleForm form,
			RedirectAttributes redirect) {
		try {
			DreamSchedule schedule = this.schedules.create(workspaceId, form.toRequest(storeId));
			redirect.addFlashAttribute("notice", "Scheduled dreams on " + schedule.cron() + " (" + schedule.timeZone()
					+ "); the next runs at " + schedule.nextRunAt() + ".");
		}
		catch (ApiException ex) {
			// The form comes back as it was sent, with the reason, rather than a page
			// that loses what was typed.
			redirect.addFlashAttribute("scheduleError", ex.getMessage());
			redirect.addFlashAttribute("scheduleForm", form);
		}
		return storePage(workspaceId, storeId);
	}

	@PostMapping("/{scheduleId}/delete")
	String delete(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String scheduleId,
			RedirectAttributes redirect) {
		this.schedules.delete(workspaceId, scheduleId);
		redirect.addFlashAttribute("notice",
				"Deleted the schedule " + scheduleId + "; the dreams it created are kept.");
		return storePage(workspaceId, storeId);
	}

	private static String storePage(String workspaceId, String storeId) {
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/stores/" + storeId
				+ "#schedules";
	}

	/**
	 * The new-schedule form.
	 *
	 * @param output {@code create_new} or {@code update_existing}
	 * @param enabled whether the box was ticked (an unticked box is not sent)
	 */
	record ScheduleForm(String name, String cron, String timeZone, String model, String instructions, String output,
			Boolean enabled) {

		DreamScheduleCreateRequest toRequest(String storeId) {
			Map<String, Object> behavior = "update_existing".equals(this.output)
					? Map.of("type", "update_existing", "memory_store_id", storeId) : Map.of("type", "create_new");
			return new DreamScheduleCreateRequest(storeId, this.cron, blankAsNull(this.timeZone), this.model,
					blankAsNull(this.instructions), behavior, Boolean.TRUE.equals(this.enabled),
					blankAsNull(this.name));
		}

		private static String blankAsNull(String text) {
			return (text == null || text.isBlank()) ? null : text;
		}

	}

}
