package dev.memstore.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official TypeScript SDK under Node, installed from npm into a directory of the
 * test's own, as a reader of the docs installs it: the process tests run the SDK's own
 * code against the packaged jar.
 */
public final class NodeSdk {

	/** The SDK version memstore is checked against. */
	public static final String PACKAGE = "@anthropic-ai/sdk@1.16.0";

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

	private NodeSdk() {
	}

	/**
	 * Installs the SDK into {@code dir} with npm, so that a module placed there imports
	 * {@code @anthropic-ai/sdk}.
	 * @return why Node cannot run here, or empty once the SDK is installed
	 * @throws AssertionError when npm is present but the install fails
	 */
	public static Optional<String> installIn(Path dir) throws IOException, InterruptedException {
		Optional<String> missing = unavailable(List.of("node", "--version"), dir)
			.or(() -> unavailable(List.of("npm", "--version"), dir))
			.map((why) -> "node or npm is missing (Debian: apt-get install nodejs npm; .ci/run does): " + why);
		if (missing.isPresent()) {
			return missing;
		}
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("package.json"), "{\"private\": true}\n");
		Commands.Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", PACKAGE),
				dir);
		assertThat(install.exit()).as("npm install %s:%n%s", PACKAGE, install.output()).isZero();
		return Optional.empty();
	}

	private static Optional<String> unavailable(List<String> command, Path dir) {
		try {
			Commands.Result result = run(command, Files.createDirectories(dir));
			return (result.exit() == 0) ? Optional.empty() : Optional.of(result.output().strip());
		}
		catch (IOException notInstalled) {
			return Optional.of(notInstalled.getMessage());
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return Optional.of("interrupted");
		}
	}

	private static Commands.Result run(List<String> command, Path dir) throws IOException, InterruptedException {
		return Commands.run(new ProcessBuilder(command).directory(dir.toFile()), INSTALL_TIMEOUT, (process) -> {
		});
	}

}
