package dev.memstore.agent;

/**
 * An environment that a new session may use.
 *
 * @param selfHosted whether its config is {@code {type:"self_hosted"}}
 */
public record UsableEnvironment(String id, boolean selfHosted) {

}
