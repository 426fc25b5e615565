package dev.memstore.sandbox;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs work on a thread with half the JVM's default stack: a check that its depth does
 * not grow with its input.
 */
final class SmallStack {

	private static final long STACK_BYTES = 512 * 1024;

	private SmallStack() {
	}

	/**
	 * What the work returned, or what it threw (a {@link StackOverflowError} included).
	 */
	static Object outcomeOf(Supplier<?> work) {
		AtomicReference<Object> outcome = new AtomicReference<>();
		Thread thread = new Thread(null, () -> {
			try {
				outcome.set(work.get());
			}
			catch (Throwable ex) {
				outcome.set(ex);
			}
		}, "small-stack", STACK_BYTES);
		thread.start();
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return outcome.get();
	}

}
