package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the paths an agent writes into {@link Location}s, lexically: no path is ever
 * looked up on the host. Relative paths resolve against a working directory,
 * {@code /mnt/memory} unless a bash command changed it; {@code .} and {@code ..} are
 * applied as written, but {@code ..} may not climb out of the mount it is in.
 */
final class SandboxPaths {

	static final String HOME = MountPaths.ROOT;

	private SandboxPaths() {
	}

	static Location resolve(String path, String workingDirectory, List<Mount> mounts) {
		return locate(normalize(path, workingDirectory, mounts), mounts);
	}

	/**
	 * The absolute path without {@code .}, {@code ..} or empty segments.
	 * @throws SandboxException when the path is empty or {@code ..} leaves a mount
	 */
	static String normalize(String path, String workingDirectory, List<Mount> mounts) {
		if (path == null || path.isEmpty()) {
			throw SandboxException.notFound("''");
		}
		List<String> segments = new ArrayList<>();
		if (!path.startsWith("/")) {
			segments.addAll(segmentsOf(workingDirectory));
		}
		for (String segment : path.split("/")) {
			if (segment.isEmpty() || segment.equals(".")) {
				continue;
			}
			if (segment.equals("..")) {
				if (segments.isEmpty()) {
					continue;
				}
				Mount mount = mountAt(join(segments), mounts);
				if (mount != null) {
					throw new SandboxException(path, SandboxException.PERMISSION_DENIED,
							"'..' cannot leave the memory store mounted at " + mount.mountPath());
				}
				segments.remove(segments.size() - 1);
				continue;
			}
			segments.add(segment);
		}
		return join(segments);
	}

	static Location locate(String absolutePath, List<Mount> mounts) {
		if (absolutePath.equals(HOME)) {
			return new Location.MountsRoot(absolutePath);
		}
		if (!absolutePath.startsWith(HOME + "/")) {
			return new Location.Outside(absolutePath);
		}
		for (Mount mount : mounts) {
			String root = mount.mountPath();
			if (absolutePath.equals(root)) {
				return new Location.InMount(absolutePath, mount, "/");
			}
			if (absolutePath.startsWith(root + "/")) {
				return new Location.InMount(absolutePath, mount, absolutePath.substring(root.length()));
			}
		}
		return new Location.Unmounted(absolutePath);
	}

	/**
	 * The last segment of a normalised path, {@code /} for the root.
	 */
	static String name(String absolutePath) {
		int slash = absolutePath.lastIndexOf('/');
		return (absolutePath.length() > 1) ? absolutePath.substring(slash + 1) : "/";
	}

	/**
	 * {@code child} joined below {@code directory}.
	 */
	static String child(String directory, String name) {
		return directory.endsWith("/") ? directory + name : directory + "/" + name;
	}

	/**
	 * The mount whose mount point is exactly this path, if any.
	 */
	private static Mount mountAt(String absolutePath, List<Mount> mounts) {
		for (Mount mount : mounts) {
			if (mount.mountPath().equals(absolutePath)) {
				return mount;
			}
		}
		return null;
	}

	private static List<String> segmentsOf(String absolutePath) {
		List<String> segments = new ArrayList<>();
		for (String segment : absolutePath.split("/")) {
			if (!segment.isEmpty()) {
				segments.add(segment);
			}
		}
		return segments;
	}

	private static String join(List<String> segments) {
		return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
	}

}
