package dev.memstore.workspace;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers authenticate.
 *
 * @param bootstrapKey the API key of the default workspace; when unset,
 * {@link #LOCAL_DEVELOPMENT_KEY} is used
 * @param adminKey the key that guards the operator API under {@code /_memstore}; when
 * unset, that API is off
 */
@ConfigurationProperties("memstore.auth")
public record AuthProperties(String bootstrapKey, String adminKey) {

	/**
	 * The documented key of a memstore started without configuration, for local
	 * development only.
	 */
	public static final String LOCAL_DEVELOPMENT_KEY = "memstore-local-dev-key";

	String effectiveBootstrapKey() {
		return hasText(this.bootstrapKey) ? this.bootstrapKey : LOCAL_DEVELOPMENT_KEY;
	}

	boolean usesLocalDevelopmentKey() {
		return !hasText(this.bootstrapKey);
	}

	boolean operatorApiEnabled() {
		return hasText(this.adminKey);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
