package dev.memstore.sandbox;

import java.time.Duration;

/**
 * How long one tool call may run, and a way to stop it from another thread. Nothing in
 * the sandbox can be interrupted by the JVM (pattern matching least of all), so every
 * loop whose length depends on the agent's input asks {@link #check()} as it goes, and
 * every text a pattern reads is {@link #guard guarded}: the call then ends, with an error
 * naming the bound, within a few milliseconds of its deadline or of a {@link #cancel
 * cancellation}.
 */
public final class ToolBudget {

	/**
	 * How often, in characters read by a pattern, the budget is checked: often enough to
	 * stop within a millisecond, rarely enough to cost nothing measurable.
	 */
	private static final int GUARD_STRIDE = 0x3FF;

	private volatile long deadline;

	private final Duration limit;

	private final String limitName;

	private volatile String cancellation;

	private ToolBudget(Duration limit, String limitName) {
		this.limit = limit;
		this.limitName = limitName;
		this.deadline = System.nanoTime() + limit.toNanos();
	}

	/**
	 * A budget that runs out after the given time.
	 * @param limitName what a user would change to move the bound, named in the error
	 * (such as a setting); may be {@code null}
	 */
	public static ToolBudget of(Duration limit, String limitName) {
		return new ToolBudget(limit, limitName);
	}

	/**
	 * How long the call may run.
	 */
	public Duration limit() {
		return this.limit;
	}

	/**
	 * Starts the call's time again, for a call that had to wait before it could run.
	 */
	public void startNow() {
		this.deadline = System.nanoTime() + this.limit.toNanos();
	}

	/**
	 * Stops the call at its next check, from any thread.
	 * @param reason why, as the call's error will say it
	 */
	public void cancel(String reason) {
		if (this.cancellation == null) {
			this.cancellation = reason;
		}
	}

	/**
	 * Why the call was cancelled, or {@code null} if it was not.
	 */
	public String cancellation() {
		return this.cancellation;
	}

	/**
	 * Whether the time ran out.
	 */
	public boolean isExpired() {
		return System.nanoTime() - this.deadline > 0;
	}

	/**
	 * Ends the call if it was cancelled or its time ran out.
	 * @throws Exceeded then
	 */
	public void check() {
		String reason = this.cancellation;
		if (reason != null) {
			throw new Exceeded(reason);
		}
		if (isExpired()) {
			throw new Exceeded("the call ran longer than its limit of " + describe(this.limit)
					+ ((this.limitName != null) ? " (" + this.limitName + ")" : "")
					+ " and was stopped; nothing it changed was kept");
		}
	}

	/**
	 * A view of a text that checks the budget as a pattern reads it: regular expression
	 * engines offer no timeout of their own.
	 */
	CharSequence guard(CharSequence text) {
		return new Guarded(text);
	}

	/**
	 * A duration as the errors show it: {@code 10 s}, {@code 250 ms}.
	 */
	public static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	/**
	 * A call stopped by its budget: not a file error that a command reports and goes on
	 * from, so it is no {@link SandboxException}; it ends the whole call.
	 */
	public static final class Exceeded extends RuntimeException {

		Exceeded(String message) {
			super(message, null, false, false);
		}

	}

	private final class Guarded implements CharSequence {

		private final CharSequence text;

		private int reads;

		Guarded(CharSequence text) {
			this.text = text;
		}

		@Override
		public char charAt(int index) {
			if ((++this.reads & GUARD_STRIDE) == 0) {
				check();
			}
			return this.text.charAt(index);
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new Guarded(this.text.subSequence(start, end));
		}

		@Override
		public String toString() {
			return this.text.toString();
		}

	}

}
