package dev.memstore.embedded;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Makes the embedded PostgreSQL the default: without {@code spring.datasource.url},
 * memstore starts its own server and offers it as the {@code DataSource}, so Spring
 * Boot's own data source backs off and Flyway and the repositories use this one. With the
 * URL set, nothing here exists.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

	/**
	 * The server {@link EmbeddedDatabaseEarlyStart} began starting, which also stops it;
	 * without that initializer (a context built by hand), one started here.
	 */
	@Bean(destroyMethod = "")
	EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties,
			ObjectProvider<EmbeddedDatabaseEarlyStart.PendingServer> pending, DefaultListableBeanFactory beanFactory) {
		EmbeddedDatabaseEarlyStart.PendingServer server = pending.getIfAvailable();
		if (server == null) {
			server = EmbeddedDatabaseEarlyStart.register(beanFactory, EmbeddedPostgresServer.start(properties));
		}
		return server.await();
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(server.jdbcUrl());
		dataSource.setUsername(server.user());
		dataSource.setPoolName("memstore-embedded");
		return dataSource;
	}

	static class NoDataSourceUrl extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return EmbeddedDatabaseEarlyStart.usesExternalDatabase(context.getEnvironment())
					? ConditionOutcome.noMatch("spring.datasource.url is set")
					: ConditionOutcome.match("spring.datasource.url is not set");
		}

	}

}
