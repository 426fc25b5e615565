package dev.memstore.api;

import java.util.Locale;

/**
 * A credential memstore publishes for local development (it is in the documentation and
 * in the code), in effect while its setting is left unset. Anyone who can reach the
 * server knows it, so {@link ExposureGuard} refuses to listen beyond this machine while
 * one is in effect.
 *
 * @param description what it is, as a person reads it ({@code API key})
 * @param property the setting that replaces it ({@code memstore.auth.bootstrap-key})
 * @param value the published value
 */
public record DevelopmentCredential(String description, String property, String value) {

	/**
	 * The one environment variable of the setting: Spring's relaxed binding of the
	 * property, dots and dashes as underscores ({@code MEMSTORE_AUTH_BOOTSTRAP_KEY}).
	 */
	public String environmentVariable() {
		return this.property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return this.description + " (" + this.property + ")";
	}

}
