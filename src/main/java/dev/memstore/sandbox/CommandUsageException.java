package dev.memstore.sandbox;

/**
 * A command called with options or operands it does not take; exit status 2.
 */
final class CommandUsageException extends RuntimeException {

	CommandUsageException(String message) {
		super(message, null, false, false);
	}

}
