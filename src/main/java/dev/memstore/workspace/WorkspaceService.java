package dev.memstore.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.ApiException;
import dev.memstore.api.Caller;
import dev.memstore.kernel.GeneratedSecrets;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces and their API keys: authentication of every API request and the operator's
 * management of both.
 */
@Service
@Transactional
public class WorkspaceService {

	static final String WORKSPACE_PREFIX = "wrkspc_";

	static final String API_KEY_PREFIX = "apikey_";

	static final String DEFAULT_WORKSPACE_NAME = "Default Workspace";

	static final int MAX_NAME_LENGTH = 255;

	private final WorkspaceRepository workspaces;

	private final ApiKeyRepository keys;

	private final ActiveApiKeys activeKeys;

	WorkspaceService(WorkspaceRepository workspaces, ApiKeyRepository keys, ActiveApiKeys activeKeys) {
		this.workspaces = workspaces;
		this.keys = keys;
		this.activeKeys = activeKeys;
	}

	/**
	 * Returns the caller a key secret authenticates, if the key exists and is not
	 * revoked. Runs with no transaction of its own: asked by every request, it is
	 * answered from memory when it can, otherwise by one statement.
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public Optional<Caller> authenticate(String secret) {
		return this.activeKeys.find(GeneratedSecrets.hash(secret));
	}

	public Workspace createWorkspace(String name) {
		TextRules.requireName("name", name, MAX_NAME_LENGTH);
		WorkspaceRow workspace = new WorkspaceRow(Ids.next(WORKSPACE_PREFIX), name, false, Timestamps.now());
		this.workspaces.insert(workspace);
		return workspace.toWorkspace();
	}

	@Transactional(readOnly = true)
	public ListPage<Workspace> listWorkspaces() {
		return new ListPage<>(this.workspaces.all().stream().map(WorkspaceRow::toWorkspace).toList(), null);
	}

	@Transactional(readOnly = true)
	public Workspace getWorkspace(String workspaceId) {
		return findWorkspace(workspaceId).toWorkspace();
	}

	/**
	 * Issues a new key for a workspace. The returned key carries its secret; nothing can
	 * show it again.
	 */
	public ApiKey issueKey(String workspaceId, String name) {
		String keyName = (name != null) ? name : "API key";
		TextRules.requireName("name", keyName, MAX_NAME_LENGTH);
		WorkspaceRow workspace = findWorkspace(workspaceId);
		String secret = ApiKeySecrets.generate();
		ApiKeyRow key = ApiKeyRow.issued(Ids.next(API_KEY_PREFIX), workspace.id(), keyName,
				GeneratedSecrets.hash(secret), ApiKeySecrets.hint(secret), Timestamps.now());
		this.keys.insert(key);
		return key.toApiKey(secret);
	}

	@Transactional(readOnly = true)
	public ListPage<ApiKey> listKeys(String workspaceId) {
		findWorkspace(workspaceId);
		return new ListPage<>(this.keys.ofWorkspace(workspaceId).stream().map((key) -> key.toApiKey(null)).toList(),
				null);
	}

	/**
	 * Revokes a key at once; revoking a revoked key returns it unchanged.
	 */
	public ApiKey revokeKey(String workspaceId, String keyId) {
		ApiKeyRow key = this.keys.find(keyId, workspaceId)
			.orElseThrow(() -> ApiException.notFound("no API key " + keyId + " in workspace " + workspaceId));
		if (key.bootstrap()) {
			throw ApiException.invalidRequest("the bootstrap key comes from memstore.auth.bootstrap-key; "
					+ "change that setting and restart to replace it");
		}
		if (!key.isRevoked()) {
			key = key.revokedAt(this.keys.revoke(keyId, Timestamps.now()));
			this.activeKeys.announceRevoked(keyId);
		}
		return key.toApiKey(null);
	}

	/**
	 * Makes the configured bootstrap key the one key of the default workspace that
	 * configuration controls, creating that workspace on first start and revoking a
	 * bootstrap key configured before.
	 */
	void installBootstrapKey(String secret) {
		Instant now = Timestamps.now();
		this.workspaces.insertDefaultIfAbsent(Ids.next(WORKSPACE_PREFIX), DEFAULT_WORKSPACE_NAME, now);
		WorkspaceRow workspace = this.workspaces.findDefault().orElseThrow();
		String hash = GeneratedSecrets.hash(secret);
		Optional<ApiKeyRow> existing = this.keys.findBySecretSha256(hash);
		if (existing.isPresent()) {
			if (existing.get().isRevoked()) {
				throw new IllegalStateException(
						"memstore.auth.bootstrap-key names a key that was revoked; configure a different key");
			}
			return;
		}
		if (this.keys.revokeBootstrapKeys(now) > 0) {
			this.activeKeys.announceRevoked(ActiveApiKeys.EVERY_KEY);
		}
		this.keys.insertBootstrapIfAbsent(Ids.next(API_KEY_PREFIX), workspace.id(), "bootstrap key", hash,
				ApiKeySecrets.hint(secret), now);
	}

	private WorkspaceRow findWorkspace(String workspaceId) {
		if (!Ids.isWellFormed(workspaceId, WORKSPACE_PREFIX)) {
			throw ApiException.notFound("no workspace " + workspaceId);
		}
		return this.workspaces.find(workspaceId)
			.orElseThrow(() -> ApiException.notFound("no workspace " + workspaceId));
	}

}
