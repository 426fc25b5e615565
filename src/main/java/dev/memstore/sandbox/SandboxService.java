package dev.memstore.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.memory.Actor;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryCreateRequest;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.MemoryUpdateRequest;
import dev.memstore.memory.MemoryView;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The file tools of a session's agent ({@code read}, {@code write}, {@code edit},
 * {@code glob}, {@code grep} and a safe subset of {@code bash}) on its mounted memory
 * stores. There is no file system behind them: every path under {@code /mnt/memory/} maps
 * onto a memory, and every write is a {@link MemoryService} call recorded as the
 * session's. Nothing outside {@code /mnt/memory/} exists, and nothing reaches the host. A
 * call runs outside any transaction ({@link #prepare}); what it changed is saved after it
 * ({@link #commit}).
 */
@Service
public class SandboxService {

	/**
	 * How long a call may run when its caller sets no budget.
	 */
	public static final Duration DEFAULT_CALL_LIMIT = Duration.ofSeconds(10);

	private static final List<String> TOOLS = List.of("bash", "read", "write", "edit", "glob", "grep");

	private final MemoryService memories;

	private final MemoryStoreService stores;

	private final TransactionTemplate transactions;

	SandboxService(MemoryService memories, MemoryStoreService stores, PlatformTransactionManager transactionManager) {
		this.memories = memories;
		this.stores = stores;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Runs one file tool as the session's agent and saves what it changed; never throws
	 * for a tool failure: failures are ToolResult.error.
	 */
	public ToolResult execute(String workspaceId, String sessionId, List<Mount> mounts, String toolName,
			Map<String, Object> input) {
		PreparedCall call = prepare(workspaceId, mounts, toolName, input, ToolBudget.of(DEFAULT_CALL_LIMIT, null));
		try {
			this.transactions.executeWithoutResult((status) -> commit(workspaceId, sessionId, call.changes()));
			return call.result();
		}
		catch (ApiException ex) {
			return ToolResult.error(notSaved(ex));
		}
	}

	/**
	 * Runs one file tool as the session's agent within a budget, outside any transaction,
	 * and holds back what it changes: nothing is written until {@link #commit}. Never
	 * throws for a tool failure or a budget that ran out: both are ToolResult.error, and
	 * a call stopped by its budget changes nothing.
	 */
	public PreparedCall prepare(String workspaceId, List<Mount> mounts, String toolName, Map<String, Object> input,
			ToolBudget budget) {
		return run(new MountedFiles(new ServiceMemories(this.memories, this.stores, workspaceId), mounts, budget),
				toolName, input);
	}

	/**
	 * Runs one tool on the given files, wherever they are stored.
	 */
	static PreparedCall run(MountedFiles files, String toolName, Map<String, Object> input) {
		ToolBudget budget = files.budget();
		ToolInput arguments = new ToolInput(input);
		try {
			budget.check();
			ToolResult result = switch ((toolName != null) ? toolName : "") {
				case "read" -> new FileTools(files).read(arguments);
				case "write" -> new FileTools(files).write(arguments);
				case "edit" -> new FileTools(files).edit(arguments);
				case "glob" -> new FileTools(files).glob(arguments);
				case "grep" -> new FileTools(files).grep(arguments);
				case "bash" -> bash(files, arguments);
				default -> ToolResult
					.error("unknown tool '" + toolName + "'; the memstore sandbox runs " + String.join(", ", TOOLS));
			};
			return new PreparedCall(new ToolResult(BoundedText.cap(result.text()), result.isError()), files.changes());
		}
		catch (SandboxException | SandboxLimit | ApiException ex) {
			return new PreparedCall(ToolResult.error(BoundedText.cap(ex.getMessage())), files.changes());
		}
		catch (ToolBudget.Exceeded ex) {
			return new PreparedCall(ToolResult.error(BoundedText.cap(ex.getMessage())), new ChangeSet());
		}
	}

	/**
	 * Saves what a prepared call changed, as the session, in the caller's transaction:
	 * the stores it changed are locked (in id order), and each change is made in the
	 * order the call made it, on the condition that the memory it changes still has the
	 * content the call saw.
	 * @throws ApiException when a store was archived or deleted meanwhile, or a memory
	 * changed meanwhile ({@code memory_precondition_failed_error}); the caller's
	 * transaction is then to be rolled back
	 */
	public void commit(String workspaceId, String sessionId, ChangeSet changes) {
		if (changes.isEmpty()) {
			return;
		}
		for (String storeId : changes.storesChanged()) {
			MemoryStore store = this.stores.lockForContentWrite(workspaceId, storeId);
			if (store.archivedAt() != null) {
				throw ApiException.invalidRequest("the memory store " + storeId + " was archived while the call ran");
			}
		}
		Actor actor = Actor.session(sessionId);
		for (ChangeSet.Change change : changes.changes()) {
			if (change instanceof ChangeSet.Change.Create create) {
				Memory created = this.memories.create(workspaceId, create.storeId(),
						new MemoryCreateRequest(create.path(), create.content()), actor, MemoryView.BASIC);
				create.handle().saved(created.id());
			}
			else if (change instanceof ChangeSet.Change.Update update) {
				this.memories.update(workspaceId, update.storeId(), update.handle().memoryId(),
						new MemoryUpdateRequest(update.content(), update.path(),
								new MemoryUpdateRequest.Precondition("content_sha256", update.expectedSha256())),
						actor, MemoryView.BASIC);
			}
			else if (change instanceof ChangeSet.Change.Delete delete) {
				this.memories.delete(workspaceId, delete.storeId(), delete.handle().memoryId(), delete.expectedSha256(),
						actor);
			}
		}
	}

	/**
	 * A call that ran, with what it changed, not yet saved.
	 */
	public record PreparedCall(ToolResult result, ChangeSet changes) {

	}

	/**
	 * What a call's result says when what it changed could not be saved.
	 */
	public static String notSaved(ApiException ex) {
		return "the call's changes could not be saved, so none of them were: " + ex.getMessage();
	}

	/**
	 * The sandbox tools with their input schemas, for a model to call; only those named
	 * are returned.
	 */
	public List<ToolDefinition> toolDefinitions(Set<String> names) {
		return ToolDefinitions.all().stream().filter((tool) -> names.contains(tool.name())).toList();
	}

	private static ToolResult bash(MountedFiles files, ToolInput input) {
		boolean restart = input.flag("restart", false);
		String command = input.optionalString("command");
		if (command == null) {
			if (restart) {
				return ToolResult.ok("bash restarted (the memstore sandbox keeps no shell state between calls)");
			}
			throw new SandboxException("command is required");
		}
		return new Shell(files).run(command);
	}

	/**
	 * The system-prompt section describing the mounts: per mount its name, mount path,
	 * access (read-write/read-only), description and instructions if any; your own
	 * wording; "" when there are no mounts.
	 */
	public String mountNotes(List<Mount> mounts) {
		if (mounts == null || mounts.isEmpty()) {
			return "";
		}
		StringBuilder notes = new StringBuilder();
		notes.append("# Memory stores\n\n");
		notes.append("Persistent memory stores are mounted as directories under ")
			.append(MountPaths.ROOT)
			.append("/. Each file in them is one memory that outlives this session; directories exist only "
					+ "through the files in them. Use the read, write, edit, glob and grep tools on these paths; "
					+ "bash offers only a few file commands here (")
			.append(String.join(", ", Shell.COMMANDS))
			.append("). Changes to a read-write store are saved immediately and are visible to every session "
					+ "that shares the store; a read-only store refuses writes with \"Read-only file system\". "
					+ "A file holds at most 100 KB of UTF-8 text.\n");
		return notes.append(mountList(mounts)).toString();
	}

	/**
	 * The mounted stores as the agent is told about them, one item each: mount path,
	 * name, access, and the store's description and instructions when it has them.
	 */
	public String mountList(List<Mount> mounts) {
		StringBuilder notes = new StringBuilder();
		for (Mount mount : mounts) {
			notes.append("\n- ")
				.append(mount.mountPath())
				.append(": \"")
				.append(mount.name())
				.append("\", ")
				.append(mount.readOnly() ? "read-only" : "read-write")
				.append('\n');
			if (mount.description() != null && !mount.description().isBlank()) {
				notes.append("  Description: ").append(indented(mount.description())).append('\n');
			}
			if (mount.instructions() != null && !mount.instructions().isBlank()) {
				notes.append("  Instructions: ").append(indented(mount.instructions())).append('\n');
			}
		}
		return notes.toString();
	}

	private static String indented(String text) {
		return text.strip().replace("\n", "\n    ");
	}

}
