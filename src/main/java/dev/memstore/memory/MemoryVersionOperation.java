package dev.memstore.memory;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.memstore.kernel.ApiException;

/**
 * What a version records: the creation of a memory, a change of its content or path, or
 * its deletion.
 */
public enum MemoryVersionOperation {

	CREATED("created"), MODIFIED("modified"), DELETED("deleted");

	private final String wireName;

	MemoryVersionOperation(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	static MemoryVersionOperation parse(String value) {
		return Arrays.stream(values())
			.filter((operation) -> operation.wireName.equals(value))
			.findFirst()
			.orElseThrow(() -> ApiException
				.invalidRequest("operation must be created, modified or deleted, got '" + value + "'"));
	}

}
