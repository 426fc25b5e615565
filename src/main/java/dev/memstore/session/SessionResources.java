package dev.memstore.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.TextRules;
import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.MountPaths;
import dev.memstore.session.SessionResource.Access;
import dev.memstore.session.SessionResource.FileResource;
import dev.memstore.session.SessionResource.GithubRepositoryResource;
import dev.memstore.session.SessionResource.MemoryStoreResource;
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
		List<SessionResource> parsed = new ArrayList<>();
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
			SessionResource resource = switch (type) {
				case ResourceRow.MEMORY_STORE -> memoryStore(workspaceId, param, field, storeIds, now);
				case "file" -> file(param, field, now);
				case "github_repository" -> githubRepository(param, field, now);
				default -> throw ApiException.invalidRequest(
						field + ".type must be memory_store, file or github_repository, got '" + type + "'");
			};
			if (resource instanceof MemoryStoreResource store) {
				storeNames.add(store.name());
			}
			parsed.add(resource);
		}
		if (storeIds.size() > MAX_MEMORY_STORES) {
			throw ApiException
				.invalidRequest("resources cannot contain more than " + MAX_MEMORY_STORES + " memory_store entries");
		}
		List<String> mountPaths = MountPaths.assign(storeNames);
		List<ResourceRow> rows = new ArrayList<>();
		int store = 0;
		for (int position = 0; position < parsed.size(); position++) {
			SessionResource resource = parsed.get(position);
			if (resource instanceof MemoryStoreResource memoryStore) {
				resource = memoryStore.mountedAt(mountPaths.get(store++));
			}
			rows.add(new ResourceRow(sessionId, position, resource));
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
		return new ResourceRow(sessionId, position, file(param, "resource", now));
	}

	/**
	 * The mounts of a session, from its memory_store resources.
	 */
	static List<Mount> mounts(List<ResourceRow> resources) {
		return resources.stream()
			.map(ResourceRow::resource)
			.filter(MemoryStoreResource.class::isInstance)
			.map(MemoryStoreResource.class::cast)
			.map((store) -> new Mount(store.memoryStoreId(), store.name(), store.description(), store.mountPath(),
					store.access() == Access.READ_ONLY, store.instructions()))
			.toList();
	}

	private MemoryStoreResource memoryStore(String workspaceId, Map<String, Object> param, String field,
			Set<String> storeIds, Instant now) {
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
		return new MemoryStoreResource(newId(), storeId,
				access.equals("read_only") ? Access.READ_ONLY : Access.READ_WRITE, instructions, store.name(),
				store.description(), null, now, now);
	}

	private static FileResource file(Map<String, Object> param, String field, Instant now) {
		String fileId = requiredString(param, "file_id", field);
		String mountPath = optionalString(param, "mount_path", field);
		return new FileResource(newId(), fileId, (mountPath != null) ? mountPath : "/mnt/session/uploads/" + fileId,
				now, now);
	}

	@SuppressWarnings("unchecked")
	private static GithubRepositoryResource githubRepository(Map<String, Object> param, String field, Instant now) {
		String url = requiredString(param, "url", field);
		String mountPath = optionalString(param, "mount_path", field);
		optionalString(param, "authorization_token", field);
		Object checkout = param.get("checkout");
		if (checkout != null && !(checkout instanceof Map<?, ?>)) {
			throw ApiException.invalidRequest(field + ".checkout must be an object");
		}
		String repository = url.replaceAll("/+$", "").replaceAll("\\.git$", "");
		repository = repository.substring(repository.lastIndexOf('/') + 1);
		// The token is a secret: it is used, never shown again.
		return new GithubRepositoryResource(newId(), url, (Map<String, Object>) checkout,
				(mountPath != null) ? mountPath : "/workspace/" + repository, now, now);
	}

	private static String newId() {
		return Ids.next(ID_PREFIX);
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
