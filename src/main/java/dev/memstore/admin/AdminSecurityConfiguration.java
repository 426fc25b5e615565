package dev.memstore.admin;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security for the admin page only: form sign-in as the configured admin, failed
 * sign-ins throttled per account and per client address ({@link SignInThrottle}), CSRF on
 * every form, a strict content security policy. The API ({@code /v1}, {@code /_memstore})
 * keeps its own key check and error envelope, untouched.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

	static final String ROOT = "/admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

	@Bean
	SignInThrottle signInThrottle(AdminProperties properties) {
		return new SignInThrottle(properties.maxFailedSignIns(), properties.failedSignInWindow(), Clock.systemUTC());
	}

	@Bean
	SecurityFilterChain adminSecurity(HttpSecurity http, SignInThrottle throttle) throws Exception {
		http.securityMatcher(ROOT, ROOT + "/**")
			.addFilterBefore(new DecodableParametersFilter(), DisableEncodeUrlFilter.class)
			// After the CSRF check, before the password is checked: a throttled attempt
			// is
			// refused without being checked, so a right password does not tell either.
			.addFilterBefore(new ThrottledSignIns(throttle), UsernamePasswordAuthenticationFilter.class)
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers(ROOT + "/login").permitAll().anyRequest().hasRole("ADMIN"))
			.formLogin((form) -> form.loginPage(ROOT + "/login")
				.loginProcessingUrl(ROOT + "/login")
				.successHandler(new CountedSuccess(throttle))
				.failureHandler(new CountedFailure(throttle)))
			.logout((logout) -> logout.logoutUrl(ROOT + "/logout").logoutSuccessUrl(ROOT + "/login?signed-out"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
							+ " base-uri 'none'; form-action 'self'; frame-ancestors 'none'")));
		return http.build();
	}

	@Bean
	UserDetailsService adminUser(AdminProperties properties, Environment environment) {
		// Only reached with memstore.security.allow-development-credentials: otherwise
		// api.ExposureGuard refused the start.
		if (properties.usesLocalDevelopmentPassword()
				&& ServerAddress.reachableBeyondLoopback(environment.getProperty("server.address"))) {
			logger.warn("The admin page accepts the documented local password for user '{}', and the server listens "
					+ "beyond this machine: set memstore.admin.password (MEMSTORE_ADMIN_PASSWORD), or "
					+ "server.address=127.0.0.1.", properties.username());
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

	/**
	 * Refuses a sign-in attempt while its account or its client address is throttled,
	 * before the password is checked.
	 */
	private static final class ThrottledSignIns extends OncePerRequestFilter {

		private final SignInThrottle throttle;

		ThrottledSignIns(SignInThrottle throttle) {
			this.throttle = throttle;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !("POST".equals(request.getMethod()) && (ROOT + "/login").equals(request.getRequestURI()));
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (this.throttle.refuses(request.getParameter("username"), request.getRemoteAddr())) {
				response.sendRedirect(request.getContextPath() + ROOT + "/login?throttled");
				return;
			}
			chain.doFilter(request, response);
		}

	}

	private static final class CountedFailure extends SimpleUrlAuthenticationFailureHandler {

		private final SignInThrottle throttle;

		CountedFailure(SignInThrottle throttle) {
			super(ROOT + "/login?error");
			this.throttle = throttle;
		}

		@Override
		public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
				AuthenticationException exception) throws IOException, ServletException {
			this.throttle.failed(request.getParameter("username"), request.getRemoteAddr());
			super.onAuthenticationFailure(request, response, exception);
		}

	}

	private static final class CountedSuccess extends SimpleUrlAuthenticationSuccessHandler {

		private final SignInThrottle throttle;

		CountedSuccess(SignInThrottle throttle) {
			super(ROOT);
			setAlwaysUseDefaultTargetUrl(true);
			this.throttle = throttle;
		}

		@Override
		public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
				Authentication authentication) throws IOException, ServletException {
			this.throttle.succeeded(request.getParameter("username"), request.getRemoteAddr());
			super.onAuthenticationSuccess(request, response, authentication);
		}

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
