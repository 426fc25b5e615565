package dev.memstore.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.api.ServerAddress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security for the admin page only: form sign-in as the configured admin, CSRF on
 * every form, a strict content security policy. The API ({@code /v1}, {@code /_memstore})
 * keeps its own key check and error envelope, untouched.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

	static final String ROOT = "/admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

	@Bean
	SecurityFilterChain adminSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher(ROOT, ROOT + "/**")
			.addFilterBefore(new DecodableParametersFilter(), DisableEncodeUrlFilter.class)
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers(ROOT + "/login").permitAll().anyRequest().hasRole("ADMIN"))
			.formLogin((form) -> form.loginPage(ROOT + "/login")
				.loginProcessingUrl(ROOT + "/login")
				.defaultSuccessUrl(ROOT, true)
				.failureUrl(ROOT + "/login?error"))
			.logout((logout) -> logout.logoutUrl(ROOT + "/logout").logoutSuccessUrl(ROOT + "/login?signed-out"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
							+ " base-uri 'none'; form-action 'self'; frame-ancestors 'none'")));
		return http.build();
	}

	@Bean
	UserDetailsService adminUser(AdminProperties properties, Environment environment) {
		if (properties.usesLocalDevelopmentPassword()
				&& ServerAddress.reachableBeyondLoopback(environment.getProperty("server.address"))) {
			logger.warn(
					"The admin page accepts the documented local password for user '{}', and the server listens "
							+ "beyond this machine: set memstore.admin.password, or server.address=127.0.0.1.",
					properties.username());
		}
		return new InMemoryUserDetailsManager(User.withUsername(properties.username())
			.password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(properties.password()))
			.roles("ADMIN")
			.build());
	}

	/**
	 * Spring Security's request firewall for the admin page only: the API answers odd
	 * URLs itself, in its error envelope.
	 */
	@Bean
	WebSecurityCustomizer adminOnlyFirewall() {
		return (web) -> web.httpFirewall(new AdminOnlyFirewall());
	}

	private static final class AdminOnlyFirewall implements HttpFirewall {

		private final StrictHttpFirewall strict = new StrictHttpFirewall();

		@Override
		public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
			String uri = request.getRequestURI();
			if (uri != null && (uri.equals(ROOT) || uri.startsWith(ROOT + "/"))) {
				return this.strict.getFirewalledRequest(request);
			}
			return new FirewalledRequest(request) {
				@Override
				public void reset() {
				}
			};
		}

		@Override
		public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
			return this.strict.getFirewalledResponse(response);
		}

	}

}
