package dev.memstore.admin;

import java.util.List;
import java.util.Map;

import dev.memstore.agent.Agent;
import dev.memstore.agent.AgentService;
import dev.memstore.agent.Environment;
import dev.memstore.agent.EnvironmentService;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.StoreContents;
import dev.memstore.session.Session;
import dev.memstore.session.SessionService;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreCreateRequest;
import dev.memstore.store.MemoryStoreService;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A workspace on the admin page: its overview, and the lists of its stores, sessions,
 * agents and environments, each searchable and paged, with an overview of each agent; a
 * new store is created here. An environment's own page is
 * {@link AdminEnvironmentController}'s.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}")
class AdminWorkspaceController {

	/**
	 * Items per page of a list, and per kind on the workspace's overview.
	 */
	private static final int PAGE_SIZE = 25;

	private static final int OVERVIEW_SIZE = 5;

	private final WorkspaceService workspaces;

	private final MemoryStoreService stores;

	private final MemoryService memories;

	private final SessionService sessions;

	private final AgentService agents;

	private final EnvironmentService environments;

	AdminWorkspaceController(WorkspaceService workspaces, MemoryStoreService stores, MemoryService memories,
			SessionService sessions, AgentService agents, EnvironmentService environments) {
		this.workspaces = workspaces;
		this.stores = stores;
		this.memories = memories;
		this.sessions = sessions;
		this.agents = agents;
		this.environments = environments;
	}

	@GetMapping
	String workspace(@PathVariable String workspaceId, Model model) {
		workspaceModel(workspaceId, "overview", model);
		ListPage<MemoryStore> stores = this.stores.list(workspaceId, true, CreatedAtRange.ANY,
				new PageParams(OVERVIEW_SIZE, null));
		model.addAttribute("stores", withContents(workspaceId, stores.data()));
		model.addAttribute("moreStores", stores.nextPage() != null);
		model.addAttribute("sessions",
				this.sessions.listNewest(workspaceId, null, new PageParams(OVERVIEW_SIZE, null)).data());
		model.addAttribute("agents",
				this.agents.list(workspaceId, true, CreatedAtRange.ANY, new PageParams(OVERVIEW_SIZE, null)).data());
		model.addAttribute("environments",
				this.environments.list(workspaceId, true, CreatedAtRange.ANY, new PageParams(OVERVIEW_SIZE, null))
					.data());
		model.addAttribute("keys", this.workspaces.listKeys(workspaceId).data());
		return "admin/workspace";
	}

	@GetMapping("/stores")
	String stores(@PathVariable String workspaceId, @RequestParam(required = false) String q,
			@RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, "stores", model);
		ListPage<MemoryStore> found = FilteredPages.read(
				(cursor) -> this.stores.list(workspaceId, true, CreatedAtRange.ANY, new PageParams(PAGE_SIZE, cursor)),
				(store) -> List.of(store.name(), store.id(), String.valueOf(store.description())), q, page, PAGE_SIZE);
		model.addAttribute("stores", withContents(workspaceId, found.data()));
		listModel(q, page, found.nextPage(), model);
		return "admin/stores";
	}

	@PostMapping("/stores")
	String createStore(@PathVariable String workspaceId, @RequestParam String name,
			@RequestParam(required = false) String description, RedirectAttributes redirect) {
		MemoryStore store = this.stores.create(workspaceId, new MemoryStoreCreateRequest(name,
				(description == null || description.isBlank()) ? null : description, null));
		redirect.addFlashAttribute("notice", "Created the store " + store.name() + ".");
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/stores/" + store.id();
	}

	@GetMapping("/sessions")
	String sessions(@PathVariable String workspaceId, @RequestParam(required = false) String q,
			@RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, "sessions", model);
		ListPage<Session> found = FilteredPages.read((cursor) -> {
			var sessions = this.sessions.listNewest(workspaceId, null, new PageParams(PAGE_SIZE, cursor));
			return new ListPage<>(sessions.data(), sessions.nextPage());
		}, (session) -> List.of(session.id(), String.valueOf(session.title()), session.agent().id(),
				session.agent().name()), q, page, PAGE_SIZE);
		model.addAttribute("sessions", found.data());
		listModel(q, page, found.nextPage(), model);
		return "admin/sessions";
	}

	@GetMapping("/agents")
	String agents(@PathVariable String workspaceId, @RequestParam(required = false) String q,
			@RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, "agents", model);
		ListPage<Agent> found = FilteredPages.read(
				(cursor) -> this.agents.list(workspaceId, true, CreatedAtRange.ANY, new PageParams(PAGE_SIZE, cursor)),
				(agent) -> List.of(agent.id(), agent.name(), agent.model().id()), q, page, PAGE_SIZE);
		model.addAttribute("agents", found.data());
		listModel(q, page, found.nextPage(), model);
		return "admin/agents";
	}

	@GetMapping("/agents/{agentId}")
	String agent(@PathVariable String workspaceId, @PathVariable String agentId, Model model) {
		workspaceModel(workspaceId, "agents", model);
		model.addAttribute("agent", this.agents.get(workspaceId, agentId, null));
		model.addAttribute("sessions",
				this.sessions.listNewest(workspaceId, agentId, new PageParams(PAGE_SIZE, null)).data());
		return "admin/agent";
	}

	@GetMapping("/environments")
	String environments(@PathVariable String workspaceId, @RequestParam(required = false) String q,
			@RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, "environments", model);
		ListPage<Environment> found = FilteredPages.read(
				(cursor) -> this.environments.list(workspaceId, true, CreatedAtRange.ANY,
						new PageParams(PAGE_SIZE, cursor)),
				(environment) -> List.of(environment.id(), environment.name()), q, page, PAGE_SIZE);
		model.addAttribute("environments", found.data());
		listModel(q, page, found.nextPage(), model);
		return "admin/environments";
	}

	private void workspaceModel(String workspaceId, String section, Model model) {
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("workspace", this.workspaces.getWorkspace(workspaceId));
		model.addAttribute("section", section);
	}

	static void listModel(String query, String page, String nextPage, Model model) {
		listModel(AdminSecurityConfiguration.ROOT + "/workspaces/" + model.getAttribute("workspaceId") + "/"
				+ model.getAttribute("section"), query, page, nextPage, model);
	}

	/**
	 * What the paging fragment needs for a list that is not its section's page.
	 */
	static void listModel(String listPath, String query, String page, String nextPage, Model model) {
		model.addAttribute("listPath", listPath);
		model.addAttribute("q", (query == null) ? "" : query);
		model.addAttribute("paged", page != null);
		model.addAttribute("nextPage", nextPage);
	}

	private List<AdminController.StoreRow> withContents(String workspaceId, List<MemoryStore> stores) {
		Map<String, StoreContents> contents = this.memories.contents(workspaceId,
				stores.stream().map(MemoryStore::id).toList());
		return stores.stream()
			.map((store) -> new AdminController.StoreRow(store,
					contents.getOrDefault(store.id(), new StoreContents(0, 0, null))))
			.toList();
	}

}
