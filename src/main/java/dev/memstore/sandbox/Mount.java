package dev.memstore.sandbox;

/**
 * A memory store as a session sees it: a directory at {@code mountPath} holding one file
 * per memory.
 *
 * @param memoryStoreId the store behind the mount
 * @param name the store's name when it was attached
 * @param description the store's description when it was attached, {@code ""} if none
 * @param mountPath such as {@code /mnt/memory/user-preferences}, without a trailing slash
 * @param readOnly whether the session may only read the store
 * @param instructions what the session was told about the store, or {@code null}
 */
public record Mount(String memoryStoreId, String name, String description, String mountPath, boolean readOnly,
		String instructions) {

}
