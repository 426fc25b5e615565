package dev.memstore.admin;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.memstore.dream.DreamScheduleService;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryCreateRequest;
import dev.memstore.memory.MemoryListItem;
import dev.memstore.memory.MemoryListQuery;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.MemoryView;
import dev.memstore.memory.StoreContents;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;
import dev.memstore.session.Session;
import dev.memstore.session.SessionResource.MemoryStoreResource;
import dev.memstore.session.SessionService;
import dev.memstore.workspace.Workspace;
import dev.memstore.workspace.WorkspaceService;

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
 * The admin page's screens for finding memories: workspaces and their stores, a store's
 * folders, memories and sessions, and a new memory. Everything goes through the same
 * services as the API.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT)
class AdminController {

	/**
	 * Stores shown per workspace on the overview, and memories per page in the browser.
	 */
	private static final int PAGE_SIZE = 50;

	/**
	 * Listing pages read at most to fill one page of a filtered folder.
	 */
	private static final int MAX_FILTERED_PAGES = 20;

	private final WorkspaceService workspaces;

	private final MemoryStoreService stores;

	private final MemoryService memories;

	private final SessionService sessions;

	private final DreamScheduleService schedules;

	AdminController(WorkspaceService workspaces, MemoryStoreService stores, MemoryService memories,
			SessionService sessions, DreamScheduleService schedules) {
		this.workspaces = workspaces;
		this.stores = stores;
		this.memories = memories;
		this.sessions = sessions;
		this.schedules = schedules;
	}

	@GetMapping("/login")
	String login() {
		return "admin/login";
	}

	@GetMapping
	String overview(Model model) {
		List<WorkspaceStores> rows = new ArrayList<>();
		for (Workspace workspace : this.workspaces.listWorkspaces().data()) {
			ListPage<MemoryStore> page = this.stores.list(workspace.id(), true, CreatedAtRange.ANY,
					new PageParams(PAGE_SIZE, null));
			Map<String, StoreContents> contents = this.memories.contents(workspace.id(),
					page.data().stream().map(MemoryStore::id).toList());
			rows.add(new WorkspaceStores(workspace,
					page.data().stream().map((store) -> new StoreRow(store, contents.get(store.id()))).toList(),
					page.nextPage() != null));
		}
		model.addAttribute("workspaces", rows);
		return "admin/overview";
	}

	@GetMapping("/workspaces/{workspaceId}/stores/{storeId}")
	String store(@PathVariable String workspaceId, @PathVariable String storeId,
			@RequestParam(defaultValue = "/") String prefix, @RequestParam(required = false) String page,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		MemoryStore store = this.stores.get(workspaceId, storeId);
		String directory = prefix.isEmpty() ? "/" : prefix;
		String listed = directory.endsWith("/") ? directory : directory.substring(0, directory.lastIndexOf('/') + 1);
		String filter = directory.substring(listed.length());
		// The filter narrows the folder's entries by name. Matching names are contiguous
		// in
		// path order, so a few pages are read until a page's worth is found.
		List<MemoryListItem> shown = new ArrayList<>();
		String next = page;
		for (int read = 0; read < MAX_FILTERED_PAGES; read++) {
			ListPage<MemoryListItem> batch = this.memories.list(workspaceId, storeId,
					MemoryListQuery.parse(listed, "1", null, null, null), new PageParams(PAGE_SIZE, next));
			batch.data()
				.stream()
				.filter((item) -> item.path().substring(listed.length()).startsWith(filter))
				.forEach(shown::add);
			next = batch.nextPage();
			if (next == null || filter.isEmpty() || shown.size() >= PAGE_SIZE) {
				break;
			}
		}
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("store", store);
		model.addAttribute("prefix", listed);
		model.addAttribute("filter", filter);
		model.addAttribute("parents", Breadcrumbs.of(listed));
		model.addAttribute("items", shown);
		model.addAttribute("nextPage", next);
		if (htmx == null) {
			model.addAttribute("memoryCount",
					this.memories.contents(workspaceId, List.of(storeId))
						.getOrDefault(storeId, new StoreContents(0, 0, null))
						.memories());
			model.addAttribute("sessions",
					this.sessions.listMounting(workspaceId, storeId, new PageParams(PAGE_SIZE, null))
						.data()
						.stream()
						.map((session) -> new Mounting(session, access(session, storeId)))
						.toList());
			model.addAttribute("schedules",
					this.schedules.list(workspaceId, storeId, new PageParams(PAGE_SIZE, null)).data());
		}
		return (htmx != null) ? "admin/store :: listing" : "admin/store";
	}

	@PostMapping("/workspaces/{workspaceId}/stores/{storeId}/memories")
	String create(@PathVariable String workspaceId, @PathVariable String storeId, @RequestParam String path,
			@RequestParam String content, Principal admin, RedirectAttributes redirect) {
		Memory memory = this.memories.create(workspaceId, storeId,
				new MemoryCreateRequest(path, content.replace("\r\n", "\n")), AdminUsers.actor(admin),
				MemoryView.BASIC);
		redirect.addFlashAttribute("notice", "Created.");
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/stores/" + storeId
				+ "/memories/" + memory.id();
	}

	@PostMapping("/workspaces/{workspaceId}/stores/{storeId}/archive")
	String archive(@PathVariable String workspaceId, @PathVariable String storeId, RedirectAttributes redirect) {
		MemoryStore store = this.stores.archive(workspaceId, storeId);
		redirect.addFlashAttribute("notice", "Archived " + store.name() + ": it is now read-only.");
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/stores/" + storeId;
	}

	@PostMapping("/workspaces/{workspaceId}/stores/{storeId}/delete")
	String deleteStore(@PathVariable String workspaceId, @PathVariable String storeId, RedirectAttributes redirect) {
		// The name is read first: the flash message names what is gone.
		String name = this.stores.get(workspaceId, storeId).name();
		this.stores.delete(workspaceId, storeId);
		redirect.addFlashAttribute("notice", "Deleted the store " + name + " (" + storeId + ") and all its memories.");
		return "redirect:" + AdminSecurityConfiguration.ROOT;
	}

	/**
	 * A workspace with the first page of its stores.
	 *
	 * @param more whether it has more stores than shown
	 */
	record WorkspaceStores(Workspace workspace, List<StoreRow> stores, boolean more) {

	}

	record StoreRow(MemoryStore store, StoreContents contents) {

	}

	/**
	 * A session that mounts the store, and how.
	 */
	record Mounting(Session session, String access) {

	}

	private static String access(Session session, String storeId) {
		return session.resources()
			.stream()
			.filter(MemoryStoreResource.class::isInstance)
			.map(MemoryStoreResource.class::cast)
			.filter((store) -> storeId.equals(store.memoryStoreId()))
			.map((store) -> store.access().wireName())
			.findFirst()
			.orElse("");
	}

	/**
	 * The directories above a listing, each with its name and prefix, for navigation.
	 */
	record Breadcrumbs(String name, String prefix) {

		static List<Breadcrumbs> of(String prefix) {
			List<Breadcrumbs> crumbs = new ArrayList<>();
			crumbs.add(new Breadcrumbs("/", "/"));
			int from = 1;
			for (int slash = prefix.indexOf('/', from); slash > 0; slash = prefix.indexOf('/', from)) {
				crumbs.add(new Breadcrumbs(prefix.substring(from, slash) + "/", prefix.substring(0, slash + 1)));
				from = slash + 1;
			}
			return crumbs;
		}

	}

}
