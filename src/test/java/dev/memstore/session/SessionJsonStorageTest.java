package dev.memstore.session;

import java.util.ArrayList;
import java.util.List;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.Jackson3JsonFormatMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One way to store {@code jsonb}: the session tables through {@code JsonColumns},
 * Hibernate's JSON columns through the same application {@code JsonMapper}.
 */
@MemstoreIntegrationTest
class SessionJsonStorageTest extends SessionTestSupport {

	@Autowired
	EntityManagerFactory entityManagerFactory;

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
	void hibernateStoresJsonWithTheApplicationsJackson() {
		FormatMapper hibernateJson = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getSessionFactoryOptions()
			.getJsonFormatMapper();

		assertThat(hibernateJson).isInstanceOf(Jackson3JsonFormatMapper.class);
		// The application's mapper writes the API's snake_case; a mapper of Hibernate's
		// own making would write someField.
		assertThat(((Jackson3JsonFormatMapper) hibernateJson).toString(new Probe("x"), Probe.class))
			.isEqualTo("{\"some_field\":\"x\"}");
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
