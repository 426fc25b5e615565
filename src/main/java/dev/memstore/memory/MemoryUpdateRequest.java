package dev.memstore.memory;

/**
 * The body of a memory update: new content, a new path, or both; an omitted or
 * {@code null} field stays as it is.
 *
 * @param precondition when present, the update applies only if the memory's content still
 * has this hash
 */
public record MemoryUpdateRequest(String content, String path, Precondition precondition) {

	/**
	 * {@code {"type":"content_sha256","content_sha256":"..."}}, the only kind of
	 * precondition.
	 */
	public record Precondition(String type, String contentSha256) {

	}

}
