package dev.memstore.sandbox;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memstore.sandbox.MountedFiles.Entry;
import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.MountedFiles.Node;
import dev.memstore.sandbox.Shell.Io;

/**
 * {@code ls}: files and directories, long listings, sorting, recursion.
 */
record LsCommand(Shell shell, MountedFiles files) implements ShellCommand {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	@Override
	public int run(List<String> arguments, Io io) {
		CommandOptions options = CommandOptions.parse(arguments, "aAl1hFptrdR", "",
				Map.of("all", 'a', "almost-all", 'A', "human-readable", 'h', "classify", 'F', "reverse", 'r',
						"directory", 'd', "recursive", 'R', "color", CommandOptions.IGNORED));
		List<String> operands = options.operands().isEmpty() ? List.of(".") : options.operands();
		int status = 0;
		List<Entry> fileOperands = new ArrayList<>();
		List<Shell.ShownPath> directoryOperands = new ArrayList<>();
		for (String operand : operands) {
			try {
				Location location = this.shell.locate(operand);
				Node node = this.files.stat(location);
				if (node.kind() == Kind.MISSING) {
					throw SandboxException.notFound(location.path());
				}
				if (node.kind() == Kind.FILE || options.has('d')) {
					fileOperands.add(new Entry(operand, location.path(), node.kind() == Kind.DIRECTORY, node.memory()));
				}
				else {
					directoryOperands.add(new Shell.ShownPath(operand, location.path()));
				}
			}
			catch (SandboxException ex) {
				io.err("ls: cannot access '" + operand + "': " + CommandSupport.reason(ex) + "\n");
				status = 2;
			}
		}
		fileOperands.sort(Comparator.comparing(Entry::name));
		directoryOperands.sort(Comparator.comparing(Shell.ShownPath::shown));
		printEntries(fileOperands, options, io);
		boolean headers = operands.size() > 1 || options.has('R');
		boolean first = fileOperands.isEmpty();
		for (Shell.ShownPath directory : directoryOperands) {
			first = listDirectory(directory.shown(), directory.absolute(), options, headers, first, io);
		}
		return status;
	}

	private boolean listDirectory(String shown, String absolutePath, CommandOptions options, boolean headers,
			boolean first, Io io) {
		if (!first) {
			io.out("\n");
		}
		if (headers) {
			io.out(shown + ":\n");
		}
		List<Entry> entries = new ArrayList<>();
		for (Entry entry : this.files.list(this.files.locateAbsolute(absolutePath))) {
			if (!entry.name().startsWith(".") || options.has('a') || options.has('A')) {
				entries.add(entry);
			}
		}
		sortEntries(entries, options);
		if (options.has('a')) {
			entries.add(0, new Entry("..", absolutePath, true, null));
			entries.add(0, new Entry(".", absolutePath, true, null));
		}
		printEntries(entries, options, io);
		if (options.has('R')) {
			for (Entry entry : entries) {
				if (entry.directory() && !entry.name().equals(".") && !entry.name().equals("..")) {
					listDirectory(SandboxPaths.child(shown, entry.name()), entry.path(), options, true, false, io);
				}
			}
		}
		return false;
	}

	private static void sortEntries(List<Entry> entries, CommandOptions options) {
		Comparator<Entry> order = Comparator.comparing(Entry::name);
		if (options.has('t')) {
			order = Comparator
				.comparing((Entry entry) -> (entry.memory() != null) ? entry.memory().updatedAt() : null,
						Comparator.nullsLast(Comparator.reverseOrder()))
				.thenComparing(Entry::name);
		}
		entries.sort(options.has('r') ? order.reversed() : order);
	}

	private void printEntries(List<Entry> entries, CommandOptions options, Io io) {
		boolean classify = options.has('F') || options.has('p');
		if (!options.has('l')) {
			for (Entry entry : entries) {
				io.out(entry.name() + ((classify && entry.directory()) ? "/" : "") + "\n");
			}
			return;
		}
		int sizeWidth = 1;
		for (Entry entry : entries) {
			sizeWidth = Math.max(sizeWidth, size(entry, options.has('h')).length());
		}
		for (Entry entry : entries) {
			Location location = this.files.locateAbsolute(entry.path());
			boolean readOnly = location instanceof Location.InMount in && in.mount().readOnly();
			String mode = entry.directory() ? (readOnly ? "dr-xr-xr-x" : "drwxr-xr-x")
					: (readOnly ? "-r--r--r--" : "-rw-r--r--");
			String time = (entry.memory() != null) ? TIME.format(entry.memory().updatedAt()) : "-";
			io.out(String.format(Locale.ROOT, "%s 1 agent agent %" + sizeWidth + "s %-16s %s%s%n", mode,
					size(entry, options.has('h')), time, entry.name(), (classify && entry.directory()) ? "/" : ""));
		}
	}

	private static String size(Entry entry, boolean human) {
		if (entry.memory() == null) {
			return "0";
		}
		long bytes = entry.memory().contentSizeBytes();
		if (!human || bytes < 1024) {
			return String.valueOf(bytes);
		}
		return String.format(Locale.ROOT, "%.1fK", bytes / 1024.0);
	}

}
