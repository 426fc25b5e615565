package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.Shell.Io;

/**
 * The commands of the sandbox's bash by name, one {@link ShellCommand} each, for one
 * command line.
 */
final class ShellCommands {

	private final Map<String, ShellCommand> commands;

	ShellCommands(Shell shell, MountedFiles files) {
		this.commands = Map.ofEntries(Map.entry("ls", new LsCommand(shell, files)),
				Map.entry("cd", new CdCommand(shell, files)), Map.entry("cat", new CatCommand(shell)),
				Map.entry("head", new HeadTailCommand("head", shell)),
				Map.entry("tail", new HeadTailCommand("tail", shell)), Map.entry("wc", new WcCommand(shell)),
				Map.entry("find", new FindCommand(shell, files)), Map.entry("grep", new GrepCommand(shell, files)),
				Map.entry("mkdir", new MkdirCommand(shell, files)), Map.entry("rm", new RmCommand(shell, files)),
				Map.entry("mv", new MoveCopyCommand("mv", shell, files)),
				Map.entry("cp", new MoveCopyCommand("cp", shell, files)),
				Map.entry("touch", new TouchCommand(shell, files)), Map.entry("echo", new EchoCommand()),
				Map.entry("printf", new PrintfCommand(files)), Map.entry("pwd", (arguments, io) -> {
					io.out(shell.workingDirectory() + "\n");
					return 0;
				}), Map.entry("true", (arguments, io) -> 0), Map.entry("false", (arguments, io) -> 1));
	}

	/**
	 * Runs a command that {@link Shell#refusal} accepted.
	 * @return its exit status: 2 for a usage error, which it prints as GNU tools do
	 */
	int run(String name, List<String> arguments, Io io) {
		ShellCommand command = this.commands.get(name);
		if (command == null) {
			throw new IllegalStateException("no command " + name);
		}
		try {
			return command.run(arguments, io);
		}
		catch (CommandUsageException ex) {
			io.err(name + ": " + ex.getMessage() + "\n");
			return 2;
		}
	}

}
