package dev.memstore.session;

import java.util.ArrayList;
import java.util.List;

import dev.memstore.kernel.JsonColumns;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One way to store {@code jsonb}: every table through {@code JsonColumns}, with the
 * application's {@code JsonMapper}.
 */
@MemstoreIntegrationTest
class SessionJsonStorageTest extends SessionTestSupport {

	@Autowired
	JsonColumns jsonColumns;

	@Test
	void sessionMetadataReadsBackSortedByKeyAsItWasWritten() {
		String sessionId = newSession().id();
		// jsonb keeps shorter keys first; the API answers with keys sorted.
		RawApi.Response updated = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId, this.workspace.apiKey())
			.json("{\"metadata\":{\"b\":\"2\",\"aaaa\":\"1\",\"cc\":\"3\"}}")
			.send();
		RawApi.Response retrieved = this.api
			.managedAgentsApi("GET", "/v1/sessions/" + sessionId, this.workspace.apiKey())
			.send();

		assertThat(keys(updated)).containsExactly("aaaa", "b", "cc");
		assertThat(keys(retrieved)).containsExactly("aaaa", "b", "cc");
	}

	@Test
	void jsonColumnsAreStoredWithTheApplicationsJackson() {
		// The application's mapper writes the API's snake_case; a mapper of its own
		// making would write someField.
		assertThat(this.jsonColumns.write(new Probe("x"))).isEqualTo("{\"some_field\":\"x\"}");
		assertThat(this.jsonColumns.read("{\"some_field\":\"x\"}", Probe.class)).isEqualTo(new Probe("x"));
	}

	record Probe(String someField) {

	}

	private static List<String> keys(RawApi.Response response) {
		assertThat(response.status()).isEqualTo(200);
		List<String> keys = new ArrayList<>();
		response.json().get("metadata").propertyNames().forEach(keys::add);
		return keys;
	}

}
