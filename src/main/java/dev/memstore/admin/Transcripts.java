package dev.memstore.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentCustomToolUse;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEventService;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the {@code transcript} fragment of {@code admin/session} renders events with, for
 * every page that shows a session's events: each tool call's input as indented JSON, and
 * the calls the session waits on.
 */
@Component
class Transcripts {

	private final SessionEventService events;

	private final AdminJson json;

	Transcripts(SessionEventService events, AdminJson json) {
		this.events = events;
		this.json = json;
	}

	void addTo(Model model, String sessionId, List<SessionEvent> shown) {
		model.addAttribute("events", shown);
		Map<String, String> inputs = new HashMap<>();
		for (SessionEvent event : shown) {
			if (event instanceof AgentToolUse use) {
				inputs.put(use.id(), this.json.pretty(use.input()));
			}
			else if (event instanceof AgentCustomToolUse use) {
				inputs.put(use.id(), this.json.pretty(use.input()));
			}
		}
		model.addAttribute("toolInputs", inputs);
		model.addAttribute("waitingOn",
				this.events.waitingCalls(sessionId).stream().map(SessionEvent::id).collect(Collectors.toSet()));
	}

}
