package dev.memstore.agent;

/**
 * The answer to an environment deletion:
 * {@code {"id":"env_...","type":"environment_deleted"}}.
 */
public record DeletedEnvironment(String id, String type) {

	static DeletedEnvironment of(String id) {
		return new DeletedEnvironment(id, "environment_deleted");
	}

}
