package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

/**
 * Who is calling: the workspace and API key that an authenticated {@code /v1} request
 * acts for. Controllers declare it as a parameter.
 *
 * @param workspaceId the workspace every resource of this request belongs to
 * @param apiKeyId the {@code apikey_...} id recorded as the actor of API writes
 */
public record Caller(String workspaceId, String apiKeyId) {

	private static final String ATTRIBUTE = Caller.class.getName();

	public void bindTo(HttpServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
	}

	static Caller of(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof Caller caller) {
			return caller;
		}
		throw new ApiException(ApiErrorType.AUTHENTICATION, "missing API key");
	}

}
