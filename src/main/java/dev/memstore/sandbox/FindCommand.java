package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.google.re2j.Pattern;

import dev.memstore.sandbox.MountedFiles.Entry;
import dev.memstore.sandbox.MountedFiles.Kind;
import dev.memstore.sandbox.MountedFiles.Node;
import dev.memstore.sandbox.Shell.Io;

/**
 * {@code find}: walks the directories the files imply, with name, path, type and depth
 * tests.
 */
record FindCommand(Shell shell, MountedFiles files) implements ShellCommand {

	@Override
	public int run(List<String> arguments, Io io) {
		List<String> starts = new ArrayList<>();
		int i = 0;
		while (i < arguments.size() && !arguments.get(i).startsWith("-") && !arguments.get(i).equals("!")
				&& !arguments.get(i).equals("(")) {
			starts.add(arguments.get(i++));
		}
		if (starts.isEmpty()) {
			starts.add(".");
		}
		List<Predicate<FoundEntry>> tests = new ArrayList<>();
		int maxDepth = Integer.MAX_VALUE;
		int minDepth = 0;
		boolean negate = false;
		for (; i < arguments.size(); i++) {
			String primary = arguments.get(i);
			Predicate<FoundEntry> test = null;
			switch (primary) {
				case "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-type", "-maxdepth",
						"-mindepth" -> {
					if (i + 1 >= arguments.size()) {
						io.err("find: missing argument to `" + primary + "'\n");
						return 1;
					}
					String value = arguments.get(++i);
					switch (primary) {
						case "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename" -> {
							boolean byName = primary.endsWith("name") && !primary.endsWith("wholename");
							Pattern pattern;
							try {
								pattern = byName ? Glob.compile(value, primary.equals("-iname"))
										: Glob.compileWholePath(value, primary.startsWith("-i"));
							}
							catch (SandboxException ex) {
								io.err("find: " + primary + " " + value + ": " + ex.getMessage() + "\n");
								return 1;
							}
							ToolBudget budget = this.files.budget();
							test = (entry) -> pattern.matcher(budget.guard(byName ? entry.name() : entry.shown()))
								.matches();
						}
						case "-type" -> {
							if (!value.equals("f") && !value.equals("d")) {
								io.err("find: -type " + value + " " + ShellSyntax.UNAVAILABLE
										+ " (only f and d: the stores hold files and directories)\n");
								return 1;
							}
							boolean directory = value.equals("d");
							test = (entry) -> entry.directory() == directory;
						}
						case "-maxdepth", "-mindepth" -> {
							if (!value.matches("\\d{1,9}")) {
								io.err("find: invalid argument `" + value + "' to `" + primary + "'\n");
								return 1;
							}
							if (primary.equals("-maxdepth")) {
								maxDepth = Integer.parseInt(value);
							}
							else {
								minDepth = Integer.parseInt(value);
							}
						}
						default -> throw new IllegalStateException(primary);
					}
				}
				case "-print", "-a", "-and" -> {
				}
				case "-not", "!" -> negate = !negate;
				default -> {
					if (primary.startsWith("-") && primary.length() > 1) {
						io.err("find: " + primary + " " + ShellSyntax.UNAVAILABLE
								+ " (supported: -name, -iname, -path, -ipath, -type f|d, -maxdepth, -mindepth, "
								+ "-not, !, -print)\n");
					}
					else {
						io.err("find: paths must precede the expression: `" + primary + "'\n");
					}
					return 1;
				}
			}
			if (test != null) {
				tests.add(negate ? test.negate() : test);
				negate = false;
			}
		}
		int status = 0;
		for (String start : starts) {
			try {
				Location location = this.shell.locate(start);
				for (FoundEntry entry : tree(start, location)) {
					this.files.budget().check();
					if (entry.depth() >= minDepth && entry.depth() <= maxDepth
							&& tests.stream().allMatch((test) -> test.test(entry))) {
						io.out(entry.shown() + "\n");
					}
				}
			}
			catch (SandboxException ex) {
				io.err("find: '" + start + "': " + CommandSupport.reason(ex) + "\n");
				status = 1;
			}
		}
		return status;
	}

	/**
	 * Everything at and below a start point, depth first in name order, as {@code find}
	 * prints it: directories are those the files imply, plus the mount points.
	 */
	private List<FoundEntry> tree(String start, Location location) {
		Node node = this.files.stat(location);
		String startName = withoutTrailingSlashes(start);
		startName = startName.contains("/") && !startName.equals("/")
				? startName.substring(startName.lastIndexOf('/') + 1) : startName;
		List<FoundEntry> entries = new ArrayList<>();
		if (node.kind() == Kind.MISSING) {
			throw SandboxException.notFound(location.path());
		}
		if (node.kind() == Kind.FILE) {
			entries.add(new FoundEntry(startName, start, 0, false));
			return entries;
		}
		TreeNode root = TreeNode.directory();
		if (location instanceof Location.MountsRoot) {
			for (Mount mount : this.files.mounts()) {
				root.children().putIfAbsent(SandboxPaths.name(mount.mountPath()), TreeNode.directory());
			}
		}
		String base = location.path();
		this.files.walk(location, false, (file) -> {
			String[] segments = file.path().substring(base.length() + 1).split("/");
			TreeNode directory = root;
			for (int i = 0; i < segments.length - 1; i++) {
				directory = directory.children().computeIfAbsent(segments[i], (name) -> TreeNode.directory());
				if (!directory.isDirectory()) {
					return true;
				}
			}
			directory.children().putIfAbsent(segments[segments.length - 1], TreeNode.FILE);
			return true;
		});
		entries.add(new FoundEntry(startName, start, 0, true));
		addTree(start, root, 1, entries);
		return entries;
	}

	private static String withoutTrailingSlashes(String path) {
		int end = path.length();
		while (end > 1 && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(0, end);
	}

	private static void addTree(String shownDirectory, TreeNode directory, int depth, List<FoundEntry> entries) {
		for (Map.Entry<String, TreeNode> child : directory.children().entrySet()) {
			String shown = SandboxPaths.child(shownDirectory, child.getKey());
			boolean isDirectory = child.getValue().isDirectory();
			entries.add(new FoundEntry(child.getKey(), shown, depth, isDirectory));
			if (isDirectory) {
				addTree(shown, child.getValue(), depth + 1, entries);
			}
		}
	}

	/**
	 * A directory of the tree {@code find} walks, its entries in name order; or a file
	 * ({@link #FILE}, without entries).
	 */
	private record TreeNode(TreeMap<String, TreeNode> children) {

		static final TreeNode FILE = new TreeNode(null);

		static TreeNode directory() {
			return new TreeNode(new TreeMap<>());
		}

		boolean isDirectory() {
			return this.children != null;
		}

	}

	private record FoundEntry(String name, String shown, int depth, boolean directory) {

	}

}
