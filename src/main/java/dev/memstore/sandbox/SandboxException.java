package dev.memstore.sandbox;

/**
 * A file operation the sandbox refuses, worded as a file system would: the path, the
 * POSIX reason (such as {@code Read-only file system}) and, when it helps the agent, why.
 */
class SandboxException extends RuntimeException {

	static final String NOT_FOUND = "No such file or directory";

	static final String READ_ONLY = "Read-only file system";

	static final String IS_DIRECTORY = "Is a directory";

	static final String NOT_DIRECTORY = "Not a directory";

	static final String BUSY = "Device or resource busy";

	static final String IO_ERROR = "Input/output error";

	static final String PERMISSION_DENIED = "Permission denied";

	private final String path;

	private final String reason;

	SandboxException(String path, String reason, String detail) {
		super(path + ": " + reason + ((detail != null) ? " (" + detail + ")" : ""), null, false, false);
		this.path = path;
		this.reason = reason + ((detail != null) ? " (" + detail + ")" : "");
	}

	SandboxException(String message) {
		super(message, null, false, false);
		this.path = null;
		this.reason = message;
	}

	/**
	 * The path the error is about, or {@code null} when the message stands alone.
	 */
	String path() {
		return this.path;
	}

	/**
	 * The message without the path: the reason and its explanation.
	 */
	String reason() {
		return this.reason;
	}

	boolean isNotFound() {
		return this.path != null && this.reason.startsWith(NOT_FOUND);
	}

	static SandboxException notFound(String path) {
		return new SandboxException(path, NOT_FOUND, null);
	}

	static SandboxException readOnly(String path, String detail) {
		return new SandboxException(path, READ_ONLY, detail);
	}

}
