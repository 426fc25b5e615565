package dev.memstore.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.TextRules;
import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.MountPaths;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Component;

/**
 * Reads the {@code resources} of a session: memory stores are checked against the
 * caller's workspace and snapshotted with their mount paths; files and repositories are
 * validated and kept as given.
 */
@Component
class SessionResources {

	static final String ID_PREFIX = "sesrsc_";

	static final int MAX_MEMORY_STORES = 8;

	static final int MAX_INSTRUCTIONS_LENGTH = 4096;

	private final MemoryStoreService stores;

	SessionResources(MemoryStoreService stores) {
		this.stores = stores;
	}

	/**
	 * The resources of a new session, in the order given.
	 */
	List<ResourceRow> attach(String workspaceId, String sessionId, List<Map<String, Object>> params,
			boolean selfHostedEnvironment, Instant now) {
		if (params == null) {
			return List.of();
		}
		List<Map<String, Object>> bodies = new ArrayList<>();
		List<String> storeNames = new ArrayList<>();
		Set<String> storeIds = new HashSet<>();
		for (int i = 0; i < params.size(); i++) {
			String field = "resources[" + i + "]";
			Map<String, Object> param = params.get(i);
			if (param == null) {
				throw ApiException.invalidRequest(field + " must be an object");
			}
			String type = requiredString(param, "type", field);
			if (selfHostedEnvironment && !ResourceRow.MEMORY_STORE.equals(type)) {
				throw ApiException.invalidRequest(field + ": sessions in a self-hosted environment accept only"
						+ " memory_store resources, got " + type);
			}
			Map<String, Object> body = switch (type) {
				case ResourceRow.MEMORY_STORE -> memoryStore(workspaceId, param, field, storeIds);
				case "file" -> file(param, field);
				case "github_repository" -> githubRepository(param, field);
				default -> throw ApiException.invalidRequest(
						field + ".type must be memory_store, file or github_repository, got '" + type + "'");
			};
			if (ResourceRow.MEMORY_STORE.equals(type)) {
				storeNames.add((String) body.get("name"));
			}
			bodies.add(body);
		}
		if (storeIds.size() > MAX_MEMORY_STORES) {
			throw ApiException
				.invalidRequest("resources cannot contain more than " + MAX_MEMORY_STORES + " memory_store entries");
		}
		List<String> mountPaths = MountPaths.assign(storeNames);
		List<ResourceRow> rows = new ArrayList<>();
		int store = 0;
		for (int position = 0; position < bodies.size(); position++) {
			Map<String, Object> body = bodies.get(position);
			String storeId = (String) body.get("memory_store_id");
			if (ResourceRow.MEMORY_STORE.equals(body.get("type"))) {
				body.put("mount_path", mountPaths.get(store++));
			}
			rows.add(new ResourceRow(Ids.next(ID_PREFIX), sessionId, position, (String) body.get("type"), storeId, body,
					now, now));
		}
		return rows;
	}

	/**
	 * A file resource added to a running session, the only kind that may be added later.
	 */
	ResourceRow add(String sessionId, int position, Map<String, Object> param, Instant now) {
		String type = requiredString(param, "type", "resource");
		if (!"file".equals(type)) {
			throw ApiException.invalidRequest(
					"only file resources can be added to an existing session; " + ("memory_store".equals(type)
							? "memory stores attach only when the session is created" : "got type '" + type + "'"));
		}
		return new ResourceRow(Ids.next(ID_PREFIX), sessionId, position, type, null, file(param, "resource"), now, now);
	}

	/**
	 * The mounts of a session, from its memory_store resources.
	 */
	static List<Mount> mounts(List<ResourceRow> resources) {
		return resources.stream()
			.filter((resource) -> ResourceRow.MEMORY_STORE.equals(resource.type()))
			.map((resource) -> new Mount(resource.memoryStoreId(), (String) resource.body().get("name"),
					(String) resource.body().get("description"), (String) resource.body().get("mount_path"),
					"read_only".equals(resource.body().get("access")), (String) resource.body().get("instructions")))
			.toList();
	}

	private Map<String, Object> memoryStore(String workspaceId, Map<String, Object> param, String field,
			Set<String> storeIds) {
		String storeId = requiredString(param, "memory_store_id", field);
		String access = optionalString(param, "access", field);
		if (access == null) {
			access = "read_write";
		}
		if (!access.equals("read_write") && !access.equals("read_only")) {
			throw ApiException.invalidRequest(field + ".access must be read_write or read_only, got '" + access + "'");
		}
		String instructions = optionalString(param, "instructions", field);
		if (instructions == null) {
			instructions = optionalString(param, "prompt", field);
		}
		if (instructions != null) {
			TextRules.requireValidText(field + ".instructions", instructions);
			TextRules.requireLength(field + ".instructions", instructions, 0, MAX_INSTRUCTIONS_LENGTH);
		}
		MemoryStore store = this.stores.get(workspaceId, storeId);
		if (store.archivedAt() != null) {
			throw ApiException.invalidRequest(
					"memory store " + storeId + " is archived; archived stores cannot be attached to new sessions");
		}
		if (!storeIds.add(storeId)) {
			throw ApiException.invalidRequest("memory store " + storeId + " is attached twice; attach a store once");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", ResourceRow.MEMORY_STORE);
		body.put("memory_store_id", storeId);
		body.put("access", access);
		body.put("instructions", instructions);
		body.put("name", store.name());
		body.put("description", store.description());
		body.put("mount_path", null);
		return body;
	}

	private static Map<String, Object> file(Map<String, Object> param, String field) {
		String fileId = requiredString(param, "file_id", field);
		String mountPath = optionalString(param, "mount_path", field);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "file");
		body.put("file_id", fileId);
		body.put("mount_path", (mountPath != null) ? mountPath : "/mnt/session/uploads/" + fileId);
		return body;
	}

	private static Map<String, Object> githubRepository(Map<String, Object> param, String field) {
		String url = requiredString(param, "url", field);
		String mountPath = optionalString(param, "mount_path", field);
		optionalString(param, "authorization_token", field);
		Object checkout = param.get("checkout");
		if (checkout != null && !(checkout instanceof Map<?, ?>)) {
			throw ApiException.invalidRequest(field + ".checkout must be an object");
		}
		String repository = url.replaceAll("/+$", "").replaceAll("\\.git$", "");
		repository = repository.substring(repository.lastIndexOf('/') + 1);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "github_repository");
		body.put("url", url);
		// The token is a secret: it is used, never shown again.
		body.put("checkout", checkout);
		body.put("mount_path", (mountPath != null) ? mountPath : "/workspace/" + repository);
		return body;
	}

	static String requiredString(Map<String, Object> param, String name, String field) {
		String value = optionalString(param, name, field);
		if (value == null || value.isEmpty()) {
			throw ApiException.invalidRequest(field + "." + name + " is required");
		}
		return value;
	}

	static String optionalString(Map<String, Object> param, String name, String field) {
		Object value = param.get(name);
		if (value != null && !(value instanceof String)) {
			throw ApiException.invalidRequest(field + "." + name + " must be a string");
		}
		return (String) value;
	}

}
