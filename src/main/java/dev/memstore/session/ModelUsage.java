package dev.memstore.session;

/**
 * The tokens one model request used, as the model's API reported them.
 *
 * @param cacheCreation5mInputTokens input tokens written to a five-minute prompt cache
 * @param cacheCreation1hInputTokens input tokens written to a one-hour prompt cache
 */
public record ModelUsage(long inputTokens, long outputTokens, long cacheCreation5mInputTokens,
		long cacheCreation1hInputTokens, long cacheReadInputTokens) {

	/**
	 * What a request that reached no model used.
	 */
	public static final ModelUsage NONE = new ModelUsage(0, 0, 0, 0, 0);

	boolean isNone() {
		return equals(NONE);
	}

	/**
	 * The {@code model_usage} of a {@code span.model_request_end} event.
	 */
	SessionEvent.ModelRequestEnd.SpanUsage toSpanUsage() {
		return new SessionEvent.ModelRequestEnd.SpanUsage(this.inputTokens, this.outputTokens,
				this.cacheCreation5mInputTokens + this.cacheCreation1hInputTokens, this.cacheReadInputTokens);
	}

}
