package dev.memstore.runtime;

/**
 * The turn workers of one instance, as the operator API shows them.
 *
 * @param configured the workers the instance runs ({@code memstore.runtime.workers})
 * @param alive worker threads running now: always {@code configured}, as a worker that
 * dies or gets stuck is replaced
 * @param busy workers running a session's turns now
 * @param replaced workers that died or got stuck and were replaced since the start
 * @param workspaceShare the most workers one workspace's turns hold at once
 */
public record TurnWorkersView(String type, int configured, int alive, int busy, int replaced, int workspaceShare) {

}
