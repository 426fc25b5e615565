package dev.memstore.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin page's sign-in ({@code memstore.admin.*}).
 *
 * @param username the admin user's name
 * @param password the admin user's password; the default is for local use only, and
 * memstore warns when it is kept on a server others can reach
 */
@ConfigurationProperties("memstore.admin")
public record AdminProperties(@DefaultValue("admin") String username,
		@DefaultValue(AdminProperties.LOCAL_DEVELOPMENT_PASSWORD) String password) {

	static final String LOCAL_DEVELOPMENT_PASSWORD = "memstore-admin";

	boolean usesLocalDevelopmentPassword() {
		return LOCAL_DEVELOPMENT_PASSWORD.equals(this.password);
	}

	@Override
	public String toString() {
		return "AdminProperties[username=" + this.username + ", password=(hidden)]";
	}

}
