package dev.memstore.sandbox;

/**
 * Tool output that stops growing at a limit and then says how much it left out, so that a
 * listing of a large store cannot flood the model's context.
 */
final class BoundedText {

	static final int LIMIT = 100_000;

	private static final int MARKER_ALLOWANCE = 100;

	private final StringBuilder text = new StringBuilder();

	private final int limit;

	private long dropped;

	BoundedText() {
		this(LIMIT);
	}

	BoundedText(int limit) {
		this.limit = limit;
	}

	BoundedText append(CharSequence more) {
		int room = this.limit - this.text.length();
		if (more.length() <= room) {
			this.text.append(more);
		}
		else {
			this.text.append(more, 0, Math.max(room, 0));
			this.dropped += more.length() - Math.max(room, 0);
		}
		return this;
	}

	BoundedText line(CharSequence line) {
		return append(line).append("\n");
	}

	boolean isFull() {
		return this.dropped > 0 || this.text.length() >= this.limit;
	}

	/**
	 * The text, with a marker when some was left out.
	 */
	@Override
	public String toString() {
		if (this.dropped == 0) {
			return this.text.toString();
		}
		return this.text + "\n[output truncated: " + this.dropped + " more characters not shown]";
	}

	/**
	 * Caps a finished text the same way, leaving alone one that was already capped (it
	 * may exceed the limit by its marker).
	 */
	static String cap(String text) {
		if (text.length() <= LIMIT + MARKER_ALLOWANCE) {
			return text;
		}
		return new BoundedText().append(text).toString();
	}

}
