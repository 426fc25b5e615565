package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.Shell.Io;

/**
 * {@code rm}: removes files, and with {@code -r} every file below a directory, all or
 * nothing.
 */
record RmCommand(Shell shell, MountedFiles files) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		CommandOptions options = CommandOptions.parse(arguments, "rRfv", "",
				Map.of("recursive", 'r', "force", 'f', "verbose", 'v'));
		if (options.operands().isEmpty()) {
			if (options.has('f')) {
				return 0;
			}
			throw new CommandUsageException("missing operand");
		}
		int status = 0;
		for (String operand : options.operands()) {
			try {
				this.files.remove(this.shell.locate(operand), options.has('r') || options.has('R'));
				if (options.has('v')) {
					io.out("removed '" + operand + "'\n");
				}
			}
			catch (SandboxException ex) {
				if (options.has('f') && ex.isNotFound()) {
					continue;
				}
				io.err("rm: cannot remove '" + operand + "': " + CommandSupport.reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

}
