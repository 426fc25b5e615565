package dev.memstore.admin;

import java.util.ArrayList;
import java.util.List;

import dev.memstore.dream.DreamService;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.MemoryVersion;
import dev.memstore.memory.MemoryVersionQuery;
import dev.memstore.memory.MemoryVersionService;
import dev.memstore.selfhosted.SelfHostedService;
import dev.memstore.session.Session;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.ModelRequestStart;
import dev.memstore.session.SessionResource;
import dev.memstore.session.SessionResource.MemoryStoreResource;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.SessionService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * A session's transcript on the admin page: its events in order, the memory versions it
 * wrote in the stores it mounted, and, in a self-hosted environment, the workers that
 * served it.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}/sessions/{sessionId}")
class AdminSessionController {

	/**
	 * Events shown in a transcript, and versions listed per mounted store.
	 */
	private static final int LIMIT = 1000;

	private static final int VERSIONS_PER_STORE = 100;

	private final SessionService sessions;

	private final SessionEventService events;

	private final MemoryVersionService versions;

	private final Transcripts transcripts;

	private final DreamService dreams;

	private final SelfHostedService selfHosted;

	AdminSessionController(SessionService sessions, SessionEventService events, MemoryVersionService versions,
			Transcripts transcripts, DreamService dreams, SelfHostedService selfHosted) {
		this.sessions = sessions;
		this.events = events;
		this.versions = versions;
		this.transcripts = transcripts;
		this.dreams = dreams;
		this.selfHosted = selfHosted;
	}

	@GetMapping
	String transcript(@PathVariable String workspaceId, @PathVariable String sessionId, Model model) {
		Session session = this.sessions.get(workspaceId, sessionId);
		List<SessionEvent> transcript = this.events.transcript(workspaceId, sessionId, LIMIT);
		List<MemoryVersion> written = new ArrayList<>();
		for (SessionResource resource : session.resources()) {
			if (resource instanceof MemoryStoreResource store) {
				String storeId = store.memoryStoreId();
				written.addAll(
						this.versions
							.list(workspaceId, storeId,
									MemoryVersionQuery.parse(null, null, sessionId, null, null, CreatedAtRange.ANY,
											null),
									new PageParams(VERSIONS_PER_STORE, null))
							.data());
			}
		}
		model.addAttribute("workspaceId", workspaceId);
		// What ran may differ from what the agent asks for: without a Claude key, the
		// offline agent answers every turn. The model request spans record what ran.
		model.addAttribute("modelsRan",
				transcript.stream()
					.filter(ModelRequestStart.class::isInstance)
					.map((event) -> ((ModelRequestStart) event).model().id())
					.distinct()
					.toList());
		// Not "session": templates resolve that name to the HTTP session.
		model.addAttribute("agentSession", session);
		// A dream's session runs memstore's built-in dreamer, which has no agent page.
		model.addAttribute("dreamId", this.dreams.dreamRunBy(workspaceId, sessionId).orElse(null));
		this.transcripts.addTo(model, sessionId, transcript);
		model.addAttribute("more", transcript.size() == LIMIT);
		model.addAttribute("written", written);
		model.addAttribute("workItems", this.selfHosted.itemsOfSession(workspaceId, sessionId));
		return "admin/session";
	}

}
