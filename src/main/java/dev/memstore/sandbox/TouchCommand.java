package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.Shell.Io;

/**
 * {@code touch}: creates empty files; an existing file is left as it is.
 */
record TouchCommand(Shell shell, MountedFiles files) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		CommandOptions options = CommandOptions.parse(arguments, "acm", "", Map.of("no-create", 'c'));
		if (options.operands().isEmpty()) {
			throw new CommandUsageException("missing file operand");
		}
		int status = 0;
		for (String operand : options.operands()) {
			try {
				Location location = this.shell.locate(operand);
				if (options.has('c') && this.files.stat(location).kind() == Kind.MISSING) {
					continue;
				}
				this.files.touch(location);
			}
			catch (SandboxException ex) {
				io.err("touch: cannot touch '" + operand + "': " + CommandSupport.reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

}
