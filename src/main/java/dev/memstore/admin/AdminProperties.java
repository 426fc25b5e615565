package dev.memstore.admin;

import java.time.Duration;
import java.util.List;

import dev.memstore.api.DevelopmentCredential;
import dev.memstore.api.DevelopmentCredentials;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin page's sign-in ({@code memstore.admin.*}).
 *
 * @param username the admin user's name
 * @param password the admin user's password; unset or blank, the published development
 * password, which memstore refuses to serve beyond this machine (see
 * {@code api.ExposureGuard})
 * @param maxFailedSignIns failed sign-ins after which an account, or a client address, is
 * refused until the window passes
 * @param failedSignInWindow how long failed sign-ins are counted, from the first one
 */
@ConfigurationProperties("memstore.admin")
public record AdminProperties(@DefaultValue("admin") String username, String password,
		@DefaultValue("5") int maxFailedSignIns,
		@DefaultValue("15m") Duration failedSignInWindow) implements DevelopmentCredentials {

	static final String LOCAL_DEVELOPMENT_PASSWORD = "memstore-admin";

	public AdminProperties {
		// Blank counts as unset, as for the API keys: an empty password would let anyone
		// in.
		if (password == null || password.isBlank()) {
			password = LOCAL_DEVELOPMENT_PASSWORD;
		}
		if (maxFailedSignIns < 1) {
			throw new IllegalArgumentException("memstore.admin.max-failed-sign-ins must be at least 1");
		}
	}

	boolean usesLocalDevelopmentPassword() {
		return LOCAL_DEVELOPMENT_PASSWORD.equals(this.password);
	}

	@Override
	public List<DevelopmentCredential> developmentCredentialsInEffect() {
		return usesLocalDevelopmentPassword()
				? List.of(new DevelopmentCredential("admin password for user '" + this.username + "'",
						"memstore.admin.password", this.password))
				: List.of();
	}

	@Override
	public String toString() {
		return "AdminProperties[username=" + this.username + ", password=(hidden), maxFailedSignIns="
				+ this.maxFailedSignIns + ", failedSignInWindow=" + this.failedSignInWindow + "]";
	}

}
