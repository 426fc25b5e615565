package dev.memstore.sandbox;

/**
 * An input beyond one of the sandbox's bounds: a pattern too large to compile safely, a
 * field too wide to print. Not a command's error that a script may test and go on from,
 * so it is no {@link SandboxException}: it ends the call with a tool error naming the
 * bound. What the call changed before it stays, as after any other failed call.
 */
final class SandboxLimit extends RuntimeException {

	SandboxLimit(String message) {
		super(message, null, false, false);
	}

}
