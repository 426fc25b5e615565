package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.dream.DreamService;
import dev.memstore.dream.DreamWork;
import dev.memstore.dream.OfflinePlan;
import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;

/**
 * The offline dream: plans the consolidation of the dream's output store
 * ({@link DreamService#offlinePlan}) and carries it out with the file tools, so that each
 * change is a recorded tool call and a version written by the dream's session. The plan
 * is made from the store as it is, so a dream resumed after a restart does what is left.
 */
final class OfflineDreamer {

	private final DreamService dreams;

	OfflineDreamer(DreamService dreams) {
		this.dreams = dreams;
	}

	void run(DreamWork work, TurnContext turn) {
		Mount mount = turn.mounts().stream().filter((candidate) -> !candidate.readOnly()).findFirst().orElse(null);
		if (mount == null) {
			turn.say("No writable memory store is mounted; there is nothing to consolidate.");
			return;
		}
		OfflinePlan plan = this.dreams.offlinePlan(work);
		turn.say(plan.summary());
		int failed = 0;
		for (OfflinePlan.Step step : plan.steps()) {
			if (step instanceof OfflinePlan.Delete delete) {
				failed += failures(remove(turn, mount, delete.paths()));
			}
			else if (step instanceof OfflinePlan.Write write) {
				failed += failures(write(turn, mount, write.path(), write.content()));
			}
			else if (step instanceof OfflinePlan.Split split) {
				List<OfflinePlan.Part> parts = this.dreams.splitParts(work, split);
				boolean written = !parts.isEmpty();
				for (OfflinePlan.Part part : parts) {
					ToolResult result = write(turn, mount, part.path(), part.content());
					written &= !result.isError();
					failed += failures(result);
				}
				// The original goes only once every part is safely written.
				if (written) {
					failed += failures(remove(turn, mount, List.of(split.path())));
				}
			}
		}
		turn.say((failed == 0) ? "Done: the plan is carried out." : "Done, but " + failed
				+ " of the plan's tool calls failed; their results say why, and the next dream " + "tries again.");
	}

	private static ToolResult write(TurnContext turn, Mount mount, String path, String content) {
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("file_path", mount.mountPath() + path);
		input.put("content", content);
		return turn.useTool("write", input);
	}

	private static ToolResult remove(TurnContext turn, Mount mount, List<String> paths) {
		List<String> operands = new ArrayList<>();
		paths.forEach((path) -> operands.add(quoted(mount.mountPath() + path)));
		return turn.useTool("bash", Map.of("command", "rm -- " + String.join(" ", operands)));
	}

	/**
	 * A path as one shell word: in single quotes, a single quote in it written as
	 * {@code '\''}.
	 */
	static String quoted(String path) {
		return "'" + path.replace("'", "'\\''") + "'";
	}

	private static int failures(ToolResult result) {
		return result.isError() ? 1 : 0;
	}

}
