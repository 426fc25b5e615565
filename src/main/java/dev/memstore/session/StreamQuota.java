package dev.memstore.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

import org.springframework.stereotype.Component;

/**
 * The quota on event streams a workspace holds open at once on this instance. A stream
 * over it is refused with 429 {@code rate_limit_error} and a {@code retry-after}, which
 * the SDKs honour: unlike a stored amount, room comes back by itself as soon as one of
 * the workspace's streams closes. Only workspaces with an open stream are remembered.
 */
@Component
class StreamQuota {

	/** Seconds a refused client is asked to wait before it tries again. */
	static final int RETRY_AFTER_SECONDS = 5;

	private final int quota;

	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	StreamQuota(SessionLimits limits) {
		this.quota = limits.openStreamsPerWorkspace();
	}

	/**
	 * Takes a place for a stream of the workspace.
	 * @return what gives the place back, once however often it runs
	 * @throws ApiException {@code rate_limit_error} when the workspace has no place left
	 */
	Runnable acquire(String workspaceId) {
		if (this.quota <= 0) {
			return () -> {
			};
		}
		AtomicBoolean admitted = new AtomicBoolean();
		this.open.compute(workspaceId, (id, streams) -> {
			int held = (streams != null) ? streams : 0;
			if (held >= this.quota) {
				return streams;
			}
			admitted.set(true);
			return held + 1;
		});
		if (!admitted.get()) {
			throw new ApiException(ApiErrorType.RATE_LIMIT,
					"workspace " + workspaceId + " already has " + this.quota
							+ " event streams open, the most it may hold open at once ("
							+ SessionLimits.OPEN_STREAMS_PER_WORKSPACE + " = " + this.quota
							+ "); close one before opening another")
				.withHeader("retry-after", Integer.toString(RETRY_AFTER_SECONDS));
		}
		AtomicBoolean released = new AtomicBoolean();
		return () -> {
			if (released.compareAndSet(false, true)) {
				this.open.computeIfPresent(workspaceId, (id, streams) -> (streams > 1) ? streams - 1 : null);
			}
		};
	}

	/**
	 * The workspace's streams open on this instance, as the quota counts them.
	 */
	int openStreams(String workspaceId) {
		return this.open.getOrDefault(workspaceId, 0);
	}

}
