package dev.memstore.session;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quotas on sessions ({@code memstore.limits.*}; the other limits of that prefix live
 * with the data they limit). {@code 0}, the default of each, is no quota.
 *
 * @param sessionsPerWorkspace sessions a workspace may hold, archived ones and those
 * memstore runs itself (a dream's) included; only creation through the API is refused
 * @param openStreamsPerWorkspace event streams of one workspace open at once on one
 * instance
 */
@ConfigurationProperties("memstore.limits")
public record SessionLimits(int sessionsPerWorkspace, int openStreamsPerWorkspace) {

	static final String SESSIONS_PER_WORKSPACE = "memstore.limits.sessions-per-workspace";

	static final String OPEN_STREAMS_PER_WORKSPACE = "memstore.limits.open-streams-per-workspace";

}
