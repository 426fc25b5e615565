package dev.memstore.sandbox;

/**
 * Where a normalised absolute path of the sandbox points.
 */
sealed interface Location {

	/**
	 * The normalised absolute path, as the agent sees it.
	 */
	String path();

	/**
	 * A path outside {@code /mnt/memory}: nothing exists there and nothing can be
	 * written.
	 */
	record Outside(String path) implements Location {

	}

	/**
	 * {@code /mnt/memory} itself, the directory holding the mounts.
	 */
	record MountsRoot(String path) implements Location {

	}

	/**
	 * A path under {@code /mnt/memory} that no mount holds.
	 */
	record Unmounted(String path) implements Location {

	}

	/**
	 * A path in a mounted store.
	 *
	 * @param memoryPath the path inside the store, {@code /} for the mount point itself
	 */
	record InMount(String path, Mount mount, String memoryPath) implements Location {

		boolean isMountPoint() {
			return this.memoryPath.equals("/");
		}

		/**
		 * The listing prefix of this path as a directory: ends with {@code /}.
		 */
		String directoryPrefix() {
			return isMountPoint() ? "/" : this.memoryPath + "/";
		}

	}

}
