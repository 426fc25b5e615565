package dev.memstore.api;

import java.util.List;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.type.LogicalType;

import org.apache.catalina.Host;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the shared API conventions into Spring MVC and makes JSON reading as strict as
 * the API: a value of the wrong JSON type is an error, not something to coerce.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

	private final BetaHeaderInterceptor betaHeaderInterceptor;

	private final QueryTextInterceptor queryTextInterceptor;

	ApiWebConfiguration(BetaHeaderInterceptor betaHeaderInterceptor, QueryTextInterceptor queryTextInterceptor) {
		this.betaHeaderInterceptor = betaHeaderInterceptor;
		this.queryTextInterceptor = queryTextInterceptor;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.betaHeaderInterceptor).addPathPatterns(ApiPaths.V1 + "/**");
		registry.addInterceptor(this.queryTextInterceptor)
			.addPathPatterns(ApiPaths.V1 + "/**", ApiPaths.OPERATOR + "/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new ApiArgumentResolver());
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> errorEnvelopeFromTomcat(ApiErrorWriter writer) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof Host host) {
				ApiErrorReportValve.installOn(host, writer);
			}
		});
	}

	@Bean
	JsonMapperBuilderCustomizer strictJsonReading() {
		return (builder) -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual, ApiWebConfiguration::refuseScalarCoercion)
			.withCoercionConfig(LogicalType.Integer, ApiWebConfiguration::refuseScalarCoercion)
			.withCoercionConfig(LogicalType.Float, ApiWebConfiguration::refuseScalarCoercion)
			.withCoercionConfig(LogicalType.Boolean, ApiWebConfiguration::refuseScalarCoercion)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/**
	 * A JSON number, string or boolean is read only into a field of its own kind:
	 * {@code "name": 5} is an error, not the name "5".
	 */
	private static void refuseScalarCoercion(MutableCoercionConfig config) {
		config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
	}

}
