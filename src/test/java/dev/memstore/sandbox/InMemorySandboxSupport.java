package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;

import dev.memstore.memory.Memory;

/**
 * The fast tier of the sandbox's tests: the tools' rules on stores held in memory,
 * without Spring or PostgreSQL, with the helpers of {@link SandboxTestSupport} (which
 * runs the same tools end to end). A call that ends is saved at once, as a turn commits
 * it.
 */
@Tag("fast")
abstract class InMemorySandboxSupport {

	final InMemoryMemories stored = new InMemoryMemories();

	final List<Mount> mounts = new ArrayList<>();

	Mount mount(String name, boolean readOnly) {
		String storeId = "memstore_" + (this.mounts.size() + 1);
		this.stored.addStore(storeId);
		List<String> names = new ArrayList<>(this.mounts.stream().map(Mount::name).toList());
		names.add(name);
		Mount mount = new Mount(storeId, name, "About " + name, MountPaths.assign(names).get(names.size() - 1),
				readOnly, null);
		this.mounts.add(mount);
		return mount;
	}

	Memory memory(Mount mount, String path, String content) {
		return this.stored.put(mount.memoryStoreId(), path, content);
	}

	ToolResult run(String tool, Map<String, Object> input) {
		ToolBudget budget = ToolBudget.of(SandboxService.DEFAULT_CALL_LIMIT, null);
		SandboxService.PreparedCall call = SandboxService.run(new MountedFiles(this.stored, this.mounts, budget), tool,
				input);
		this.stored.save(call.changes());
		return call.result();
	}

	ToolResult bash(String command) {
		return run("bash", Map.of("command", command));
	}

	/**
	 * Every memory of a store, path to content, in path order.
	 */
	Map<String, String> contents(Mount mount) {
		return this.stored.contents(mount.memoryStoreId());
	}

}
