package dev.memstore.admin;

import java.io.Serializable;
import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.dream.Dream;
import dev.memstore.dream.DreamService;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Timestamps;
import dev.memstore.memory.MemoryService;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEventService;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Dreams on the admin page: the workspace's dreams, a dream with its session's latest
 * events (followed while it runs), the review of a {@code create_new} dream's result
 * against its input store, and adopting that result into the input store as the signed-in
 * admin's versions.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}/dreams")
class AdminDreamController {

	private static final int PAGE_SIZE = 25;

	/**
	 * Events of a dream's session shown on its page: the newest.
	 */
	private static final int LATEST_EVENTS = 20;

	private final WorkspaceService workspaces;

	private final DreamService dreams;

	private final MemoryStoreService stores;

	private final SessionEventService events;

	private final DreamReviews reviews;

	private final Transcripts transcripts;

	AdminDreamController(WorkspaceService workspaces, DreamService dreams, MemoryStoreService stores,
			SessionEventService events, DreamReviews reviews, Transcripts transcripts) {
		this.workspaces = workspaces;
		this.dreams = dreams;
		this.stores = stores;
		this.events = events;
		this.reviews = reviews;
		this.transcripts = transcripts;
	}

	@GetMapping
	String dreams(@PathVariable String workspaceId, @RequestParam(required = false) String q,
			@RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, model);
		ListPage<Dream> found = FilteredPages.read(
				(cursor) -> this.dreams.list(workspaceId, true, List.of(), CreatedAtRange.ANY,
						new PageParams(PAGE_SIZE, cursor)),
				(dream) -> List.of(dream.id(), dream.status().wireName(), dream.memoryStoreId(),
						String.valueOf(dream.outputStoreId())),
				q, page, PAGE_SIZE);
		model.addAttribute("dreams", found.data());
		model.addAttribute("stores", storesOf(workspaceId, found.data()));
		AdminWorkspaceController.listModel(q, page, found.nextPage(), model);
		return "admin/dreams";
	}

	/**
	 * A dream and its session's latest events. While it is pending or running the page
	 * asks again every few seconds (htmx), saying what it has seen: the answer is
	 * {@code 204 No Content} until the status or the events change, so nothing on the
	 * page moves, or is announced again, for nothing.
	 */
	@GetMapping("/{dreamId}")
	String dream(@PathVariable String workspaceId, @PathVariable String dreamId,
			@RequestParam(required = false) String seen,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			HttpServletResponse response) {
		Dream dream = this.dreams.get(workspaceId, dreamId);
		List<SessionEvent> latest = (dream.sessionId() != null)
				? this.events.latest(workspaceId, dream.sessionId(), LATEST_EVENTS) : List.of();
		String progress = dream.status().wireName() + ":"
				+ (latest.isEmpty() ? "" : latest.get(latest.size() - 1).id());
		if (htmx != null && progress.equals(seen)) {
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return null;
		}
		workspaceModel(workspaceId, model);
		model.addAttribute("dream", dream);
		model.addAttribute("progress", progress);
		model.addAttribute("stores", storesOf(workspaceId, List.of(dream)));
		model.addAttribute("nothingToReview", this.reviews.nothingToReview(workspaceId, dream));
		if (dream.sessionId() != null) {
			this.transcripts.addTo(model, dream.sessionId(), latest);
		}
		else {
			model.addAttribute("events", List.of());
		}
		return (htmx != null) ? "admin/dream-progress" : "admin/dream";
	}

	@GetMapping("/{dreamId}/review")
	String review(@PathVariable String workspaceId, @PathVariable String dreamId, Model model) {
		Dream dream = this.dreams.get(workspaceId, dreamId);
		workspaceModel(workspaceId, model);
		model.addAttribute("dream", dream);
		String nothing = this.reviews.nothingToReview(workspaceId, dream);
		model.addAttribute("nothingToReview", nothing);
		if (nothing == null) {
			model.addAttribute("review", this.reviews.review(workspaceId, dream));
		}
		return "admin/dream-review";
	}

	@PostMapping("/{dreamId}/adopt")
	String adopt(@PathVariable String workspaceId, @PathVariable String dreamId, Principal admin,
			RedirectAttributes redirect) {
		String inputStoreId = this.dreams.get(workspaceId, dreamId).memoryStoreId();
		MemoryService.MirrorResult result = this.dreams.adopt(workspaceId, dreamId, AdminUsers.actor(admin));
		MemoryStore input = this.stores.get(workspaceId, inputStoreId);
		redirect.addFlashAttribute("adopted", new Adopted(input.id(), input.name(), result.created(), result.modified(),
				result.deleted(), admin.getName(), Timestamps.now()));
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/dreams/" + dreamId;
	}

	private void workspaceModel(String workspaceId, Model model) {
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("workspace", this.workspaces.getWorkspace(workspaceId));
		model.addAttribute("section", "dreams");
	}

	/**
	 * The input and output stores of the dreams that still exist, by id, so that a page
	 * names them and links to them; a deleted store is absent.
	 */
	private Map<String, MemoryStore> storesOf(String workspaceId, List<Dream> shown) {
		Set<String> ids = new LinkedHashSet<>();
		for (Dream dream : shown) {
			ids.add(dream.memoryStoreId());
			if (dream.outputStoreId() != null) {
				ids.add(dream.outputStoreId());
			}
		}
		Map<String, MemoryStore> found = new HashMap<>();
		for (String id : this.stores.ownedAmong(workspaceId, List.copyOf(ids))) {
			found.put(id, this.stores.get(workspaceId, id));
		}
		return found;
	}

	/**
	 * What adopting a dream did, for the page that follows.
	 */
	record Adopted(String storeId, String storeName, int created, int modified, int deleted, String by,
			Instant at) implements Serializable {

	}

}
