package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import dev.memstore.kernel.Ids;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every sandbox test starts from: a fresh workspace with the SDK as its client, a
 * made-up session, and helpers to mount stores and run tools as that session.
 */
abstract class SandboxTestSupport {

	@LocalServerPort
	int port;

	@Autowired
	SandboxService sandbox;

	TestWorkspaces.Workspace workspace;

	AnthropicClient client;

	String sessionId;

	final List<Mount> mounts = new ArrayList<>();

	@BeforeEach
	void newWorkspaceAndSession() {
		this.workspace = TestWorkspaces.create(this.port);
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.sessionId = Ids.next("sesn_");
		this.mounts.clear();
	}

	/**
	 * Creates a store and mounts it after the others, at the path the slug rule gives.
	 */
	Mount mount(String name, boolean readOnly) {
		String storeId = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name(name).description("About " + name).build())
			.id();
		List<String> names = new ArrayList<>(this.mounts.stream().map(Mount::name).toList());
		names.add(name);
		String mountPath = MountPaths.assign(names).get(names.size() - 1);
		Mount mount = new Mount(storeId, name, "About " + name, mountPath, readOnly, null);
		this.mounts.add(mount);
		return mount;
	}

	BetaManagedAgentsMemory memory(Mount mount, String path, String content) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.create(mount.memoryStoreId(), MemoryCreateParams.builder().path(path).content(content).build());
	}

	ToolResult run(String tool, Map<String, Object> input) {
		return this.sandbox.execute(this.workspace.id(), this.sessionId, this.mounts, tool, input);
	}

	ToolResult bash(String command) {
		return run("bash", Map.of("command", command));
	}

	/**
	 * Every memory of a store, path to content, in path order.
	 */
	Map<String, String> contents(Mount mount) {
		Map<String, String> contents = new LinkedHashMap<>();
		this.client.beta()
			.memoryStores()
			.memories()
			.list(mount.memoryStoreId(), MemoryListParams.builder().view(BetaManagedAgentsMemoryView.FULL).build())
			.autoPager()
			.forEach((item) -> contents.put(item.asMemory().path(), item.asMemory().content().orElse(null)));
		return contents;
	}

	/**
	 * Every memory of a store by path, in the basic view.
	 */
	Map<String, BetaManagedAgentsMemory> memories(Mount mount) {
		Map<String, BetaManagedAgentsMemory> memories = new LinkedHashMap<>();
		this.client.beta()
			.memoryStores()
			.memories()
			.list(mount.memoryStoreId())
			.autoPager()
			.forEach((item) -> memories.put(item.asMemory().path(), item.asMemory()));
		return memories;
	}

	/**
	 * The version history of a store, newest first.
	 */
	List<BetaManagedAgentsMemoryVersion> versions(Mount mount) {
		List<BetaManagedAgentsMemoryVersion> versions = new ArrayList<>();
		this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(mount.memoryStoreId(), MemoryVersionListParams.builder().build())
			.autoPager()
			.forEach(versions::add);
		return versions;
	}

}
