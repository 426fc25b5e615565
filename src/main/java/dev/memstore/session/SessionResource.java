package dev.memstore.session;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A resource of a session, as the API shows it: a record per kind, named on the wire by
 * its {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(SessionResource.MemoryStoreResource.class),
		@JsonSubTypes.Type(SessionResource.FileResource.class),
		@JsonSubTypes.Type(SessionResource.GithubRepositoryResource.class) })
@JsonPropertyOrder({ "id", "type" })
public sealed interface SessionResource {

	String id();

	String mountPath();

	Instant createdAt();

	Instant updatedAt();

	/**
	 * The resource's {@code type} on the wire, such as {@code memory_store}.
	 */
	@JsonProperty("type")
	default String type() {
		return getClass().getAnnotation(JsonTypeName.class).value();
	}

	/**
	 * A memory store mounted at {@code mount_path}, as it was when the session was
	 * created.
	 *
	 * @param instructions what the agent is told about the store, or {@code null}
	 */
	@JsonTypeName("memory_store")
	record MemoryStoreResource(String id, String memoryStoreId, Access access, String instructions, String name,
			String description, String mountPath, Instant createdAt, Instant updatedAt) implements SessionResource {

		MemoryStoreResource mountedAt(String mountPath) {
			return new MemoryStoreResource(this.id, this.memoryStoreId, this.access, this.instructions, this.name,
					this.description, mountPath, this.createdAt, this.updatedAt);
		}

	}

	/**
	 * A file, kept as given: memstore mounts no files.
	 */
	@JsonTypeName("file")
	record FileResource(String id, String fileId, String mountPath, Instant createdAt,
			Instant updatedAt) implements SessionResource {

	}

	/**
	 * A repository, kept as given without its token: memstore clones no repositories.
	 *
	 * @param checkout as the client sent it
	 */
	@JsonTypeName("github_repository")
	record GithubRepositoryResource(String id, String url, Map<String, Object> checkout, String mountPath,
			Instant createdAt, Instant updatedAt) implements SessionResource {

		GithubRepositoryResource updated(Instant at) {
			return new GithubRepositoryResource(this.id, this.url, this.checkout, this.mountPath, this.createdAt, at);
		}

	}

	/**
	 * What the agent may do with a mounted memory store.
	 */
	enum Access {

		READ_WRITE("read_write"), READ_ONLY("read_only");

		private final String wireName;

		Access(String wireName) {
			this.wireName = wireName;
		}

		@JsonValue
		public String wireName() {
			return this.wireName;
		}

	}

}
