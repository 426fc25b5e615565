package dev.memstore.sandbox;

import java.util.List;

import dev.memstore.sandbox.Shell.Io;

/**
 * One command of the sandbox's bash, a small subset of its GNU namesake working on
 * {@link MountedFiles}: what it prints, its errors and its exit status follow coreutils
 * and grep closely enough for an agent's habits.
 */
@FunctionalInterface
interface ShellCommand {

	/**
	 * Runs the command with its expanded arguments.
	 * @return its exit status
	 * @throws CommandUsageException for options or operands it does not take
	 */
	int run(List<String> arguments, Io io);

}
