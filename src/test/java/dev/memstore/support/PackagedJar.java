package dev.memstore.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the process tests ({@code *IT}) share when they launch the packaged jar: a free
 * port, and waiting until the server is ready.
 */
public final class PackagedJar {

	/**
	 * How long a launched jar may take to be ready, its embedded PostgreSQL included.
	 */
	public static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private PackagedJar() {
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Polls readiness on 127.0.0.1 until it answers 200; fails if the process exits or
	 * {@link #READY_TIMEOUT} passes, naming the log to read.
	 */
	public static void awaitReady(Process process, int port, Path log) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.build();
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("memstore exited during start; see %s", log).isTrue();
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYetListening) {
				// keep polling
			}
			Thread.sleep(200);
		}
		throw new AssertionError("memstore was not ready within " + READY_TIMEOUT + "; see " + log);
	}

}
