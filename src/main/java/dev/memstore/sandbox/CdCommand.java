package dev.memstore.sandbox;

import java.util.List;

import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.Shell.Io;

/**
 * {@code cd}: changes the working directory, within the mounts, until the end of the
 * command line.
 */
record CdCommand(Shell shell, MountedFiles files) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		if (arguments.size() > 1) {
			io.err("bash: cd: too many arguments\n");
			return 1;
		}
		String target = arguments.isEmpty() ? SandboxPaths.HOME : arguments.get(0);
		try {
			Location location = this.shell.locate(target);
			Kind kind = this.files.stat(location).kind();
			if (kind == Kind.MISSING) {
				throw SandboxException.notFound(location.path());
			}
			if (kind == Kind.FILE) {
				throw new SandboxException(location.path(), SandboxException.NOT_DIRECTORY, null);
			}
			this.shell.changeDirectory(location.path());
			return 0;
		}
		catch (SandboxException ex) {
			io.err("bash: cd: " + target + ": " + CommandSupport.reason(ex) + "\n");
			return 1;
		}
	}

}
