package dev.memstore.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The {@code error} of a {@code session.error} event.
 *
 * @param retryStatus whether the turn is tried again
 */
public record SessionError(Type type, String message, RetryStatus retryStatus) {

	/**
	 * The kinds of error memstore reports, named as the API names them.
	 */
	public enum Type {

		UNKNOWN("unknown_error"), MODEL_OVERLOADED("model_overloaded_error"),
		MODEL_RATE_LIMITED("model_rate_limited_error"), MODEL_REQUEST_FAILED("model_request_failed_error"),
		BILLING("billing_error"), TOOL_USE_LIMIT_REACHED("tool_use_limit_reached_error");

		private final String wireName;

		Type(String wireName) {
			this.wireName = wireName;
		}

		@JsonValue
		public String wireName() {
			return this.wireName;
		}

	}

	/**
	 * Whether a failed turn is tried again; on the wire an object, {@code {"type":
	 * "retrying"}}.
	 */
	@JsonFormat(shape = JsonFormat.Shape.OBJECT)
	public enum RetryStatus {

		/**
		 * The turn is tried again.
		 */
		RETRYING("retrying"),

		/**
		 * The turn was tried as often as it may be, and ended.
		 */
		EXHAUSTED("exhausted"),

		/**
		 * Trying again would not help: the turn ended.
		 */
		TERMINAL("terminal");

		private final String type;

		RetryStatus(String type) {
			this.type = type;
		}

		@JsonProperty("type")
		public String type() {
			return this.type;
		}

		@JsonCreator
		static RetryStatus of(@JsonProperty("type") String type) {
			for (RetryStatus status : values()) {
				if (status.type.equals(type)) {
					return status;
				}
			}
			throw new IllegalArgumentException("unknown retry status " + type);
		}

	}

}
