package dev.memstore.session;

import java.util.List;
import java.util.Map;

/**
 * The body of a session creation.
 *
 * @param agent {@code "agent_..."}, {@code {type:"agent", id, version?}} or
 * {@code {type:"agent_with_overrides", ...}}
 * @param resources memory stores and other resources to attach, in mount order
 * @param initialEvents user messages to process at once
 */
public record SessionCreateRequest(Object agent, String environmentId, List<Map<String, Object>> resources,
		List<Map<String, Object>> initialEvents, String title, Map<String, String> metadata, List<Object> vaultIds,
		Map<String, Object> budget) {

}
