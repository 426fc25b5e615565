package dev.memstore.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command of the process tests to its end, or stops it at a timeout, with what it
 * wrote to its output and error streams read whole.
 */
public final class Commands {

	private Commands() {
	}

	/**
	 * @param started told of the process as soon as it runs, so that a test can stop it
	 * if the test itself is stopped
	 */
	public static Result run(ProcessBuilder builder, Duration timeout, Consumer<Process> started)
			throws IOException, InterruptedException {
		Process process = builder.redirectErrorStream(true).start();
		started.accept(process);
		process.getOutputStream().close();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try {
				output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException closed) {
				// the process was stopped; what it wrote so far is kept
			}
		});
		reader.start();
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			reader.join(5000);
			return new Result(-1, output + "\n(stopped after " + timeout + ")");
		}
		reader.join();
		return new Result(process.exitValue(), output.toString());
	}

	public record Result(int exit, String output) {
	}

}
