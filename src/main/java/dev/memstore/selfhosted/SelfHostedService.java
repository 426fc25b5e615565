package dev.memstore.selfhosted;

import java.util.List;
import java.util.Optional;

import dev.memstore.agent.Environment;
import dev.memstore.agent.EnvironmentConfig;
import dev.memstore.agent.EnvironmentService;
import dev.memstore.api.Caller;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.GeneratedSecrets;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.kernel.WorkspaceQuota;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Self-hosted environments as the operator and the admin page see them: the keys of an
 * environment (issued, listed, revoked), its work items with the worker that took each,
 * the workers that polled it, and which workers served a session. Also the one look-up of
 * an environment key or a sessions token.
 */
@Service
@Transactional
public class SelfHostedService {

	static final String KEY_PREFIX = "envkey_";

	static final int MAX_NAME_LENGTH = 255;

	/** The most rows one admin read returns. */
	public static final int MAX_ADMIN_ROWS = 100;

	private final EnvironmentKeyRepository keys;

	private final WorkRepository work;

	private final WorkspaceService workspaces;

	private final EnvironmentService environments;

	private final WorkspaceQuota quota;

	private final SelfHostedProperties properties;

	SelfHostedService(EnvironmentKeyRepository keys, WorkRepository work, WorkspaceService workspaces,
			EnvironmentService environments, WorkspaceQuota quota, SelfHostedProperties properties) {
		this.keys = keys;
		this.work = work;
		this.workspaces = workspaces;
		this.environments = environments;
		this.quota = quota;
		this.properties = properties;
	}

	/**
	 * The caller an environment key or a sessions token authenticates, recognised by its
	 * prefix; empty for anything else and for a key revoked or a token no longer live.
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public Optional<Caller> authenticate(String secret) {
		if (secret.startsWith(SelfHostedSecrets.ENVIRONMENT_KEY_PREFIX)) {
			return this.keys.authenticate(GeneratedSecrets.hash(secret));
		}
		if (secret.startsWith(SelfHostedSecrets.SESSIONS_TOKEN_PREFIX)) {
			return this.work.authenticate(GeneratedSecrets.hash(secret));
		}
		return Optional.empty();
	}

	/**
	 * Whether a credential has the form of an environment key or a sessions token, so
	 * that only their look-up can authenticate it.
	 */
	public static boolean isSelfHostedCredential(String secret) {
		return secret.startsWith(SelfHostedSecrets.ENVIRONMENT_KEY_PREFIX)
				|| secret.startsWith(SelfHostedSecrets.SESSIONS_TOKEN_PREFIX);
	}

	/**
	 * Issues a key for a self-hosted environment. The returned key carries its secret;
	 * nothing can show it again. An archived environment gets no new key (it starts no
	 * new sessions); the keys it has keep working, so its workers finish what they hold.
	 */
	public EnvironmentKey issueKey(String workspaceId, String environmentId, String name) {
		String keyName = (name != null) ? name : "Environment key";
		TextRules.requireName("name", keyName, MAX_NAME_LENGTH);
		Environment environment = selfHosted(workspaceId, environmentId);
		if (environment.archivedAt() != null) {
			throw ApiException.invalidRequest("environment " + environmentId
					+ " is archived; it starts no new sessions, so it gets no new keys (its keys keep working)");
		}
		this.quota.requireRoom(workspaceId, "active environment keys", this.properties.keysPerWorkspace(),
				"memstore.selfhosted.keys-per-workspace", () -> this.keys.countActive(workspaceId));
		String secret = GeneratedSecrets.generate(SelfHostedSecrets.ENVIRONMENT_KEY_PREFIX);
		EnvironmentKeyRow key = new EnvironmentKeyRow(Ids.next(KEY_PREFIX), workspaceId, environmentId, keyName,
				GeneratedSecrets.hash(secret), SelfHostedSecrets.hint(secret), Timestamps.now(), null);
		this.keys.insert(key);
		return key.toKey(secret);
	}

	/**
	 * An environment's keys, newest first, revoked ones included, without secrets.
	 */
	@Transactional(readOnly = true)
	public ListPage<EnvironmentKey> listKeys(String workspaceId, String environmentId, PageParams page) {
		selfHosted(workspaceId, environmentId);
		String scope = "environment_keys|" + environmentId;
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		return ListPage.of(this.keys.list(workspaceId, environmentId, after, page.limit()), page.limit(),
				(row) -> row.toKey(null),
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	/**
	 * Revokes a key; every instance refuses it from the commit on, as each request looks
	 * it up. Revoking a revoked key returns it unchanged.
	 */
	public EnvironmentKey revokeKey(String workspaceId, String environmentId, String keyId) {
		selfHosted(workspaceId, environmentId);
		EnvironmentKeyRow key = this.keys.find(keyId, workspaceId, environmentId)
			.orElseThrow(
					() -> ApiException.notFound("no environment key " + keyId + " in environment " + environmentId));
		if (key.revokedAt() == null) {
			key = new EnvironmentKeyRow(key.id(), key.workspaceId(), key.environmentId(), key.name(),
					key.secretSha256(), key.partialKeyHint(), key.createdAt(),
					this.keys.revoke(keyId, Timestamps.now()));
		}
		return key.toKey(null);
	}

	/**
	 * An environment's newest keys, for the admin page.
	 */
	@Transactional(readOnly = true)
	public List<EnvironmentKey> keysOf(String workspaceId, String environmentId) {
		return this.keys.list(workspaceId, environmentId, null, MAX_ADMIN_ROWS)
			.stream()
			.limit(MAX_ADMIN_ROWS)
			.map((row) -> row.toKey(null))
			.toList();
	}

	/**
	 * An environment's newest work items, with the worker that took each and its lease.
	 */
	@Transactional(readOnly = true)
	public List<WorkItemStatus> itemsOf(String workspaceId, String environmentId) {
		return this.work.list(workspaceId, environmentId, null, MAX_ADMIN_ROWS)
			.stream()
			.limit(MAX_ADMIN_ROWS)
			.map(WorkRow::toStatus)
			.toList();
	}

	/**
	 * The workers that polled an environment in the last day, most recent first.
	 */
	@Transactional(readOnly = true)
	public List<PollingWorker> workersOf(String workspaceId, String environmentId) {
		return this.work.pollers(workspaceId, environmentId, MAX_ADMIN_ROWS);
	}

	/**
	 * A session's work items, newest first: which workers served it, and how it went.
	 */
	@Transactional(readOnly = true)
	public List<WorkItemStatus> itemsOfSession(String workspaceId, String sessionId) {
		return this.work.ofSession(workspaceId, sessionId, MAX_ADMIN_ROWS).stream().map(WorkRow::toStatus).toList();
	}

	private Environment selfHosted(String workspaceId, String environmentId) {
		this.workspaces.getWorkspace(workspaceId);
		Environment environment = this.environments.get(workspaceId, environmentId);
		if (!(environment.config() instanceof EnvironmentConfig.SelfHostedConfig)) {
			throw ApiException.invalidRequest("environment " + environmentId + " is a " + environment.config().type()
					+ " environment; only self_hosted environments have environment keys");
		}
		return environment;
	}

}
