package dev.memstore.workspace;

import java.util.List;

import dev.memstore.api.DevelopmentCredential;
import dev.memstore.api.DevelopmentCredentials;

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
public record AuthProperties(String bootstrapKey, String adminKey) implements DevelopmentCredentials {

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

	@Override
	public List<DevelopmentCredential> developmentCredentialsInEffect() {
		return usesLocalDevelopmentKey()
				? List.of(new DevelopmentCredential("API key", "memstore.auth.bootstrap-key", LOCAL_DEVELOPMENT_KEY))
				: List.of();
	}

	boolean operatorApiEnabled() {
		return hasText(this.adminKey);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
