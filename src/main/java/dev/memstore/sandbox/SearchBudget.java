package dev.memstore.sandbox;

import java.time.Duration;

/**
 * A time limit for regular expressions an agent supplies: a pattern that backtracks
 * catastrophically is stopped, with an error, instead of holding a thread. The check
 * rides on the text the matcher reads, as {@link java.util.regex} offers no timeout.
 */
final class SearchBudget {

	static final Duration DEFAULT = Duration.ofSeconds(10);

	private final long deadline;

	private final Duration budget;

	SearchBudget(Duration budget) {
		this.budget = budget;
		this.deadline = System.nanoTime() + budget.toNanos();
	}

	CharSequence guard(CharSequence text) {
		return new Guarded(text);
	}

	private void check() {
		if (System.nanoTime() - this.deadline > 0) {
			String limit = (this.budget.toMillis() % 1000 == 0) ? this.budget.toSeconds() + " s"
					: this.budget.toMillis() + " ms";
			throw new SandboxException("the regular expression took longer than " + limit
					+ " to search; simplify it (avoid nested repetition such as (a+)+)");
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
			if ((++this.reads & 0x3FF) == 0) {
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
