package dev.memstore.embedded;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.memstore.api.ServerAddress;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL on its own thread as soon as the environment is known,
 * so that the server boots while Spring builds the rest of the context instead of before
 * the data source, on the critical path of every start. The data source waits for it
 * ({@link EmbeddedDatabaseConfiguration}); the context stops it when it closes, also when
 * it fails to refresh before anything used the server.
 * <p>
 * Only a server that listens on this machine alone starts its database early: one
 * reachable beyond it may be refused by the exposure guard when its web server is made,
 * and a refused start must touch nothing (on a first start, not even create the cluster),
 * so it starts the database when the data source is first asked for. It runs first of the
 * initializers, so that the database has the most time.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class EmbeddedDatabaseEarlyStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String BEAN_NAME = "memstore.embeddedDatabaseEarlyStart";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		if (usesExternalDatabase(environment)
				|| ServerAddress.reachableBeyondLoopback(environment.getProperty("server.address"))
				|| !(context.getBeanFactory() instanceof DefaultListableBeanFactory beanFactory)) {
			return;
		}
		EmbeddedDatabaseProperties properties = Binder.get(environment)
			.bindOrCreate("memstore.embedded-db", EmbeddedDatabaseProperties.class);
		register(beanFactory, CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(properties),
				PendingServer::onOwnThread));
	}

	static PendingServer register(DefaultListableBeanFactory beanFactory, EmbeddedPostgresServer started) {
		return register(beanFactory, CompletableFuture.completedFuture(started));
	}

	private static PendingServer register(DefaultListableBeanFactory beanFactory,
			CompletableFuture<EmbeddedPostgresServer> start) {
		PendingServer pending = new PendingServer(start);
		beanFactory.registerSingleton(BEAN_NAME, pending);
		beanFactory.registerDisposableBean(BEAN_NAME, pending);
		return pending;
	}

	static boolean usesExternalDatabase(Environment environment) {
		return StringUtils.hasText(environment.getProperty("spring.datasource.url"));
	}

	/**
	 * An embedded server on its way up, and its owner until the context closes.
	 */
	static final class PendingServer implements DisposableBean {

		private final CompletableFuture<EmbeddedPostgresServer> start;

		private PendingServer(CompletableFuture<EmbeddedPostgresServer> start) {
			this.start = start;
		}

		private static void onOwnThread(Runnable task) {
			Thread thread = new Thread(task, "embedded-postgres-start");
			thread.setDaemon(true);
			thread.start();
		}

		/**
		 * Waits for the server, failing as a start on the calling thread would.
		 */
		EmbeddedPostgresServer await() {
			try {
				return this.start.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException cause) {
					throw cause;
				}
				throw ex;
			}
		}

		@Override
		public void destroy() throws IOException {
			EmbeddedPostgresServer server;
			try {
				server = this.start.join();
			}
			catch (CompletionException ex) {
				return;
			}
			server.close();
		}

	}

}
