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
import dev.memstore.kernel.WebhookEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Environments of a workspace. Every method takes the caller's workspace: an environment
 * of another workspace is indistinguishable from one that does not exist. A creation, an
 * update that changes something, an archiving and a deletion are announced
 * ({@code environment.created}, {@code .updated}, {@code .archived}, {@code .deleted}) in
 * their own transaction.
 */
@Service
@Transactional
public class EnvironmentService {

	static final String ID_PREFIX = "env_";

	private final EnvironmentRepository environments;

	private final StoredJson json;

	private final ApplicationEventPublisher publisher;

	EnvironmentService(EnvironmentRepository environments, StoredJson json, ApplicationEventPublisher publisher) {
		this.environments = environments;
		this.json = json;
		this.publisher = publisher;
	}

	/**
	 * Creates an environment.
	 * @param body the request body as bound from JSON; fields memstore does not know are
	 * kept and echoed
	 */
	public Environment create(String workspaceId, Map<String, Object> body) {
		EnvironmentFields fields = EnvironmentDefinition.forCreate(body);
		EnvironmentRow environment = stored(EnvironmentRow.created(Ids.next(ID_PREFIX), workspaceId, Timestamps.now()),
				fields);
		this.environments.insert(environment);
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, environment.id(), "environment.created"));
		return toEnvironment(environment);
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
		EnvironmentRow environment = findForUpdate(workspaceId, environmentId);
		if (environment.isArchived()) {
			throw archived(environmentId, "archived environments cannot be updated");
		}
		EnvironmentFields current = fields(environment);
		EnvironmentFields updated = EnvironmentDefinition.apply(current, body);
		// updated_at moves only if something actually changed.
		if (!updated.equals(current)) {
			environment = stored(environment, updated).touched(Timestamps.now());
			this.environments.update(environment);
			this.publisher.publishEvent(WebhookEvent.of(workspaceId, environmentId, "environment.updated"));
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
		List<EnvironmentRow> rows = this.environments
			.list(KeysetQuery.newestFirstInWorkspace(workspaceId, includeArchived, createdAt)
				.after(after)
				.limit(page.limit()));
		return ListPage.of(rows, page.limit(), this::toEnvironment,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	/**
	 * Archives an environment: it stays readable but can no longer be used by new
	 * sessions. Archiving an archived environment returns it unchanged.
	 */
	public Environment archive(String workspaceId, String environmentId) {
		EnvironmentRow environment = findForUpdate(workspaceId, environmentId);
		EnvironmentRow archived = environment.archived(Timestamps.now());
		if (archived != environment) {
			this.environments.update(archived);
			this.publisher.publishEvent(WebhookEvent.of(workspaceId, environmentId, "environment.archived"));
		}
		return toEnvironment(archived);
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
		this.publisher.publishEvent(WebhookEvent.of(workspaceId, environmentId, "environment.deleted"));
		return DeletedEnvironment.of(environmentId);
	}

	/**
	 * Checks that a new session may use an environment.
	 * @throws ApiException 404 for an unknown, foreign or malformed id; 400 for an
	 * archived environment
	 */
	@Transactional(readOnly = true)
	public UsableEnvironment requireUsableForSession(String workspaceId, String environmentId) {
		EnvironmentRow environment = find(workspaceId, environmentId);
		if (environment.isArchived()) {
			throw archived(environmentId, "archived environments cannot start sessions");
		}
		return new UsableEnvironment(environment.id(),
				fields(environment).config() instanceof EnvironmentConfig.SelfHostedConfig);
	}

	/**
	 * The one conversion of an environment's stored columns to its record.
	 */
	private EnvironmentFields fields(EnvironmentRow environment) {
		return new EnvironmentFields(environment.name(), environment.description(),
				this.json.read(environment.config(), EnvironmentConfig.class), Map.copyOf(environment.metadata()),
				environment.scope(), OtherFields.of(environment.otherFields()));
	}

	/**
	 * The one conversion of an environment's record to its stored columns.
	 */
	private EnvironmentRow stored(EnvironmentRow environment, EnvironmentFields fields) {
		return environment.with(fields.name(), fields.description(), this.json.write(fields.config()),
				new LinkedHashMap<>(fields.metadata()), fields.scope(), new LinkedHashMap<>(fields.otherFields()));
	}

	private Environment toEnvironment(EnvironmentRow environment) {
		return Environment.of(environment.id(), fields(environment), environment.createdAt(), environment.updatedAt(),
				environment.archivedAt());
	}

	private EnvironmentRow find(String workspaceId, String environmentId) {
		if (!Ids.isWellFormed(environmentId, ID_PREFIX)) {
			throw notFound(environmentId);
		}
		return this.environments.find(environmentId, workspaceId, false).orElseThrow(() -> notFound(environmentId));
	}

	private EnvironmentRow findForUpdate(String workspaceId, String environmentId) {
		if (!Ids.isWellFormed(environmentId, ID_PREFIX)) {
			throw notFound(environmentId);
		}
		return this.environments.find(environmentId, workspaceId, true).orElseThrow(() -> notFound(environmentId));
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
