package dev.memstore.session;

import java.util.List;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;

/**
 * The filters and order of a session listing.
 */
record SessionListQuery(String agentId, Integer agentVersion, CreatedAtRange createdAt, String deploymentId,
		boolean includeArchived, String memoryStoreId, boolean descending, List<SessionStatus> statuses) {

	static SessionListQuery parse(String agentId, String agentVersion, CreatedAtRange createdAt, String deploymentId,
			Boolean includeArchived, String memoryStoreId, String order, List<String> statuses) {
		Integer version = null;
		if (agentVersion != null) {
			try {
				version = Integer.parseInt(agentVersion.trim());
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalidRequest("agent_version must be an integer, got '" + agentVersion + "'");
			}
		}
		if (order != null && !order.equals("asc") && !order.equals("desc")) {
			throw ApiException.invalidRequest("order must be asc or desc, got '" + order + "'");
		}
		return new SessionListQuery(agentId, version, createdAt, deploymentId, Boolean.TRUE.equals(includeArchived),
				memoryStoreId, !"asc".equals(order),
				statuses.stream().map(SessionStatus::parse).distinct().sorted().toList());
	}

	/**
	 * Names the listing for its cursors: a cursor is valid only with the same filters and
	 * order.
	 */
	String cursorScope() {
		return "sessions|" + this.agentId + "|" + this.agentVersion + "|" + this.createdAt.scopeKey() + "|"
				+ this.deploymentId + "|" + this.includeArchived + "|" + this.memoryStoreId + "|" + this.descending
				+ "|" + this.statuses;
	}

}
