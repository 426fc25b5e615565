package dev.memstore.dream;

import java.util.ArrayList;
import java.util.List;

import dev.memstore.agent.SessionAgent;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.UserMessage;

/**
 * The built-in consolidation agent a dream's session runs, and the one message that
 * starts it. The system prompt is documented in {@code src/docs/dreams.md}; change both
 * together.
 */
final class DreamAgent {

	static final String ENVIRONMENT_ID = "env_memstore_dreams";

	static final String NAME = "memstore dreamer";

	static final String SYSTEM_PROMPT = """
			You are memstore's memory consolidation agent. One memory store is mounted read-write in this session; \
			reorganize it so that an agent reading it later finds what it needs quickly and trusts what it finds.

			- Merge memories that repeat or overlap; keep one copy of each fact.
			- Gather facts scattered over session notes into files named for their subject, for example \
			/users/<name>/profile.md for what concerns one person.
			- Split a file that nears the 100 KB limit into parts under a folder of the same name.
			- Add what the users of the sessions below asked to be remembered, or taught that will matter later, \
			when the store does not hold it yet.
			- Remove only what is clearly obsolete or contradicted by newer information; never lose anything that \
			may still be true.
			- Keep an index at the store's root (/_index.md) listing every memory with a one-line summary.

			Work only with the file tools on the mounted store. When you are done, answer with a short summary of \
			what you changed and why.""";

	/**
	 * Heading of the instructions the dream's creator gave, appended to the system
	 * prompt.
	 */
	static final String INSTRUCTIONS_HEADING = "Instructions from the person who started this dream:";

	private DreamAgent() {
	}

	static SessionAgent of(String modelId, String instructions) {
		String system = (instructions == null) ? SYSTEM_PROMPT
				: SYSTEM_PROMPT + "\n\n" + INSTRUCTIONS_HEADING + "\n" + instructions;
		return SessionAgent.builtIn(DreamService.AGENT_ID, NAME, "Consolidates a memory store (dreams)", system,
				modelId);
	}

	/**
	 * The message that starts the dream: the input sessions' transcripts, newest turns
	 * kept first so that within {@code budgetChars} the oldest are what is left out.
	 * @param transcripts per input session (in the dream's order), its messages oldest
	 * first
	 */
	static String message(List<Transcript> transcripts, int budgetChars) {
		StringBuilder intro = new StringBuilder(
				"Consolidate the memory store mounted read-write in this session. Transcripts of the sessions to learn "
						+ "from follow, each session's messages oldest first.");
		// Sessions are in id order, which is creation order: the newest session's newest
		// messages are kept first.
		List<List<String>> kept = new ArrayList<>();
		transcripts.forEach((transcript) -> kept.add(new ArrayList<>()));
		int left = budgetChars;
		int omitted = 0;
		for (int t = transcripts.size() - 1; t >= 0; t--) {
			List<SessionEvent> messages = transcripts.get(t).messages();
			for (int i = messages.size() - 1; i >= 0; i--) {
				String line = line(messages.get(i));
				if (line == null) {
					continue;
				}
				if (line.length() > left) {
					omitted += i + 1;
					left = 0;
					break;
				}
				left -= line.length();
				kept.get(t).add(0, line);
			}
		}
		if (omitted > 0) {
			intro.append(" The ")
				.append(omitted)
				.append(" oldest messages were left out to keep this within ")
				.append(budgetChars)
				.append(" characters.");
		}
		StringBuilder message = new StringBuilder(intro);
		for (int i = 0; i < transcripts.size(); i++) {
			Transcript transcript = transcripts.get(i);
			message.append("\n\n## Session ").append(transcript.sessionId());
			if (transcript.title() != null && !transcript.title().isBlank()) {
				message.append(" (").append(transcript.title()).append(')');
			}
			message.append('\n');
			if (kept.get(i).isEmpty()) {
				message.append("\n(no messages)\n");
			}
			kept.get(i).forEach(message::append);
		}
		return message.toString();
	}

	private static String line(SessionEvent event) {
		if (event instanceof UserMessage user) {
			return "\nuser: " + user.text() + "\n";
		}
		if (event instanceof AgentMessage agent) {
			return "\nagent: " + agent.text() + "\n";
		}
		return null;
	}

	/**
	 * What was said in one input session.
	 */
	record Transcript(String sessionId, String title, List<SessionEvent> messages) {

	}

}
