package dev.memstore.api;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

/**
 * Who is calling: the workspace an authenticated {@code /v1} request acts for and the
 * credential it presented. Controllers declare it as a parameter.
 *
 * @param workspaceId the workspace every resource of this request belongs to
 * @param credential the API key, environment key or sessions token that authenticated the
 * request
 */
public record Caller(String workspaceId, Credential credential) {

	private static final String ATTRIBUTE = Caller.class.getName();

	/**
	 * A caller with an ordinary API key.
	 */
	public Caller(String workspaceId, String apiKeyId) {
		this(workspaceId, new ApiKey(apiKeyId));
	}

	public void bindTo(HttpServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
	}

	/**
	 * The caller an earlier filter bound to the request, if any.
	 */
	public static Optional<Caller> boundTo(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof Caller caller) ? Optional.of(caller) : Optional.empty();
	}

	static Caller of(HttpServletRequest request) {
		return boundTo(request).orElseThrow(() -> new ApiException(ApiErrorType.AUTHENTICATION, "missing API key"));
	}

	/**
	 * The sessions token's session, when the caller is a self-hosted worker serving one.
	 */
	public Optional<String> sessionId() {
		return (this.credential instanceof SessionsToken token) ? Optional.of(token.sessionId()) : Optional.empty();
	}

	/**
	 * What authenticated a request. Its {@link #id()} names it in rate limits and logs.
	 */
	public sealed interface Credential permits ApiKey, EnvironmentKey, SessionsToken {

		String id();

	}

	/**
	 * An ordinary API key of the workspace, recorded as the actor of API writes.
	 *
	 * @param id the {@code apikey_...} id
	 */
	public record ApiKey(String id) implements Credential {

	}

	/**
	 * A self-hosted environment's key, with which its workers poll for work.
	 *
	 * @param id the {@code envkey_...} id
	 */
	public record EnvironmentKey(String id, String environmentId) implements Credential {

	}

	/**
	 * The sessions token of one delivery of a work item: it acts for that item's session
	 * only.
	 */
	public record SessionsToken(String workId, String environmentId, String sessionId) implements Credential {

		@Override
		public String id() {
			return this.workId;
		}

	}

}
