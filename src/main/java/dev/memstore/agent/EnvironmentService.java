package dev.memstore.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.Timestamps;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Environments of a workspace. Every method takes the caller's workspace: an environment
 * of another workspace is indistinguishable from one that does not exist.
 */
@Service
@Transactional
public class EnvironmentService {

	static final String ID_PREFIX = "env_";

	private final EnvironmentRepository environments;

	private final StoredJson json;

	EnvironmentService(EnvironmentRepository environments, StoredJson json) {
		this.environments = environments;
		this.json = json;
	}

	/**
	 * Creates an environment.
	 * @param body the request body as bound from JSON; fields memstore does not know are
	 * kept and echoed
	 */
	public Environment create(String workspaceId, Map<String, Object> body) {
		EnvironmentFields fields = EnvironmentDefinition.forCreate(body);
		EnvironmentEntity environment = new EnvironmentEntity(Ids.next(ID_PREFIX), workspaceId, Timestamps.now());
		store(environment, fields);
		return toEnvironment(this.environments.save(environment));
	}

	@Transactional(readOnly = true)
	public Environment get(String workspaceId, String environmentId) {
		return toEnvironment(find(workspaceId, environmentId));
	}

	/**
	 * Updates an environment: fields given replace the current ones ({@code config}
	 * whole, within its type), {@code metadata} is a patch.
	 */
	public Environment update(String workspaceId, String environmentId, Map<String, Object> body) {
		EnvironmentEntity environment = findForUpdate(workspaceId, environmentId);
		if (environment.isArchived()) {
			throw archived(environmentId, "archived environments cannot be updated");
		}
		EnvironmentFields current = fields(environment);
		EnvironmentFields updated = EnvironmentDefinition.apply(current, body);
		// updated_at moves only if something actually changed.
		if (!updated.equals(current)) {
			store(environment, updated);
			environment.touch(Timestamps.now());
		}
		return toEnvironment(environment);
	}

	/**
	 * Lists environments newest first, one keyset page at a time.
	 */
	@Transactional(readOnly = true)
	public ListPage<Environment> list(String workspaceId, boolean includeArchived, CreatedAtRange createdAt,
			PageParams page) {
		String scope = "environments|" + includeArchived + "|" + createdAt.scopeKey();
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		List<EnvironmentEntity> rows = KeysetQuery.newestFirstInWorkspace(workspaceId, includeArchived, createdAt)
			.after(after)
			.limit(page.limit())
			.list(this.environments);
		return ListPage.of(rows, page.limit(), this::toEnvironment,
				(last) -> PageCursor.encode(scope, List.of(last.getCreatedAt().toString(), last.getId())));
	}

	/**
	 * Archives an environment: it stays readable but can no longer be used by new
	 * sessions. Archiving an archived environment returns it unchanged.
	 */
	public Environment archive(String workspaceId, String environmentId) {
		EnvironmentEntity environment = findForUpdate(workspaceId, environmentId);
		environment.archive(Timestamps.now());
		return toEnvironment(environment);
	}

	/**
	 * Deletes an environment. Sessions keep only its id, so deleting one that sessions
	 * used is allowed.
	 */
	public DeletedEnvironment delete(String workspaceId, String environmentId) {
		if (!Ids.isWellFormed(environmentId, ID_PREFIX)
				|| this.environments.deleteOwned(environmentId, workspaceId) == 0) {
			throw notFound(environmentId);
		}
		return DeletedEnvironment.of(environmentId);
	}

	/**
	 * Checks that a new session may use an environment.
	 * @throws ApiException 404 for an unknown, foreign or malformed id; 400 for an
	 * archived environment
	 */
	@Transactional(readOnly = true)
	public UsableEnvironment requireUsableForSession(String workspaceId, String environmentId) {
		EnvironmentEntity environment = find(workspaceId, environmentId);
		if (environment.isArchived()) {
			throw archived(environmentId, "archived environments cannot start sessions");
		}
		return new UsableEnvironment(environment.getId(),
				fields(environment).config() instanceof EnvironmentConfig.SelfHostedConfig);
	}

	/**
	 * The one conversion of an environment's stored columns to its record.
	 */
	private EnvironmentFields fields(EnvironmentEntity environment) {
		return new EnvironmentFields(environment.getName(), environment.getDescription(),
				this.json.read(environment.getConfig(), EnvironmentConfig.class), Map.copyOf(environment.getMetadata()),
				environment.getScope(), OtherFields.of(environment.getOtherFields()));
	}

	/**
	 * The one conversion of an environment's record to its stored columns.
	 */
	private void store(EnvironmentEntity environment, EnvironmentFields fields) {
		environment.set(fields.name(), fields.description(), this.json.write(fields.config()),
				new LinkedHashMap<>(fields.metadata()), fields.scope(), new LinkedHashMap<>(fields.otherFields()));
	}

	private Environment toEnvironment(EnvironmentEntity environment) {
		return Environment.of(environment.getId(), fields(environment), environment.getCreatedAt(),
				environment.getUpdatedAt(), environment.getArchivedAt());
	}

	private EnvironmentEntity find(String workspaceId, String environmentId) {
		if (!Ids.isWellFormed(environmentId, ID_PREFIX)) {
			throw notFound(environmentId);
		}
		return this.environments.findByIdAndWorkspaceId(environmentId, workspaceId)
			.orElseThrow(() -> notFound(environmentId));
	}

	private EnvironmentEntity findForUpdate(String workspaceId, String environmentId) {
		if (!Ids.isWellFormed(environmentId, ID_PREFIX)) {
			throw notFound(environmentId);
		}
		return this.environments.findForUpdate(environmentId, workspaceId).orElseThrow(() -> notFound(environmentId));
	}

	/**
	 * A 404 with the sub-code the SDKs turn into their environment-not-found error.
	 */
	private static ApiException notFound(String environmentId) {
		return ApiException.notFound("no environment " + environmentId)
			.with("details", Map.of("error_code", "environment_not_found"));
	}

	/**
	 * A 400 with the sub-code the SDKs turn into their environment-archived error.
	 */
	private static ApiException archived(String environmentId, String consequence) {
		return ApiException.invalidRequest("environment " + environmentId + " is archived; " + consequence)
			.with("details", Map.of("error_code", "environment_archived"));
	}

}
