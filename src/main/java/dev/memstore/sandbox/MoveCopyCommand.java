package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.Shell.Io;

/**
 * {@code mv} and {@code cp}: renames keep a memory's id; a directory moves or copies all
 * or nothing.
 */
record MoveCopyCommand(String name, Shell shell, MountedFiles files) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		return moveOrCopy(this.name, arguments, io);
	}

	private int moveOrCopy(String name, List<String> arguments, Io io) {
		boolean move = name.equals("mv");
		CommandOptions options = move ? CommandOptions.parse(arguments, "fvn", "", Map.of("force", 'f', "verbose", 'v'))
				: CommandOptions.parse(arguments, "rRafvpn", "",
						Map.of("recursive", 'r', "force", 'f', "verbose", 'v'));
		List<String> operands = options.operands();
		if (operands.isEmpty()) {
			throw new CommandUsageException("missing file operand");
		}
		if (operands.size() == 1) {
			throw new CommandUsageException("missing destination file operand after '" + operands.get(0) + "'");
		}
		String destination = operands.get(operands.size() - 1);
		Location target;
		try {
			target = this.shell.locate(destination);
			if (operands.size() > 2 && this.files.stat(target).kind() != Kind.DIRECTORY) {
				throw new SandboxException("target '" + destination + "' is not a directory");
			}
		}
		catch (SandboxException ex) {
			io.err(name + ": " + ex.getMessage() + "\n");
			return 1;
		}
		int status = 0;
		boolean recursive = options.has('r') || options.has('R') || options.has('a');
		for (String source : operands.subList(0, operands.size() - 1)) {
			try {
				Location from = this.shell.locate(source);
				if (options.has('n') && exists(target, from)) {
					continue;
				}
				if (move) {
					this.files.move(from, target);
				}
				else {
					this.files.copy(from, target, recursive);
				}
				if (options.has('v')) {
					io.out("'" + source + "' -> '" + destination + "'\n");
				}
			}
			catch (SandboxException ex) {
				io.err(name + ": cannot " + (move ? "move" : "copy") + " '" + source + "' to '" + destination + "': "
						+ CommandSupport.reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	/**
	 * Whether a move or copy of {@code from} onto {@code to} would replace something.
	 */
	private boolean exists(Location to, Location from) {
		Location destination = to;
		if (this.files.stat(to).kind() == Kind.DIRECTORY) {
			destination = this.files.locateAbsolute(SandboxPaths.child(to.path(), SandboxPaths.name(from.path())));
		}
		return this.files.stat(destination).kind() != Kind.MISSING;
	}

}
