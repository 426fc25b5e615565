package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code mkdir}: directories exist through their files, so this only checks that one
 * could be made.
 */
record MkdirCommand(Shell shell, MountedFiles files) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		CommandOptions options = CommandOptions.parse(arguments, "pv", "", Map.of("parents", 'p', "verbose", 'v'));
		if (options.operands().isEmpty()) {
			throw new CommandUsageException("missing operand");
		}
		int status = 0;
		for (String operand : options.operands()) {
			try {
				this.files.makeDirectory(this.shell.locate(operand), options.has('p'));
			}
			catch (SandboxException ex) {
				io.err("mkdir: cannot create directory '" + operand + "': " + CommandSupport.reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

}
