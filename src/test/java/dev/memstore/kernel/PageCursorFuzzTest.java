package dev.memstore.kernel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cursor decoder under coverage-guided fuzzing: whatever a client sends as
 * {@code page}, it decodes or is refused as an invalid request. In {@code ./mvnw verify}
 * these replay the inputs under {@code PageCursorFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes one of them (see src/docs/reliability.md).
 */
@Tag("fast")
class PageCursorFuzzTest {

	private static final String SCOPE = "memories|store|0|basic|asc";

	@FuzzTest(maxDuration = "3m")
	void anyTextDecodesOrIsAnInvalidRequest(FuzzedDataProvider data) {
		int parts = data.consumeInt(0, 4);
		decodeOrRefuse(data.consumeRemainingAsString(), parts);
	}

	/**
	 * Arbitrary bytes behind a well-formed {@code page_} prefix, so that the fuzzer works
	 * on the cursor's binary layout rather than on its base64.
	 */
	@FuzzTest(maxDuration = "3m")
	void anyBytesInACursorDecodeOrAreAnInvalidRequest(FuzzedDataProvider data) {
		int parts = data.consumeInt(0, 4);
		byte[] raw = data.consumeRemainingAsBytes();
		List<String> key = decodeOrRefuse("page_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw), parts);
		if (key != null) {
			for (String part : key) {
				instantOrRefuse(part);
			}
		}
	}

	@FuzzTest(maxDuration = "3m")
	void encodedKeysDecodeToThemselvesAndOnlyForTheirScope(FuzzedDataProvider data) {
		String scope = data.consumeString(40);
		String otherScope = data.consumeString(40);
		List<String> key = new ArrayList<>();
		for (int i = data.consumeInt(0, 5); i > 0; i--) {
			// Keys are sort keys the server read from its database: text without a NUL.
			key.add(data.consumeString(200).replace("\u0000", ""));
		}

		String cursor = PageCursor.encode(scope, key);

		assertThat(cursor).matches("page_[A-Za-z0-9_-]*");
		assertThat(PageCursor.decode(cursor, scope, key.size())).isEqualTo(key);
		if (!otherScope.equals(scope)) {
			assertThat(decodeOrRefuse(cursor, otherScope, key.size())).isNull();
		}
	}

	private static List<String> decodeOrRefuse(String cursor, int parts) {
		return decodeOrRefuse(cursor, SCOPE, parts);
	}

	/**
	 * The decoded key, or null when the cursor was refused as an invalid request; any
	 * other failure fails the test.
	 */
	private static List<String> decodeOrRefuse(String cursor, String scope, int parts) {
		try {
			List<String> key = PageCursor.decode(cursor, scope, parts);
			assertThat(key).hasSize(parts).noneMatch((part) -> part.contains("\u0000"));
			return key;
		}
		catch (ApiException ex) {
			assertInvalidRequest(ex);
			return null;
		}
	}

	private static void instantOrRefuse(String part) {
		try {
			Instant instant = PageCursor.instantPart(part);
			assertThat(instant).isBetween(Instant.parse("0001-01-01T00:00:00Z"),
					Instant.parse("9999-12-31T23:59:59.999999999Z"));
		}
		catch (ApiException ex) {
			assertInvalidRequest(ex);
		}
	}

	private static void assertInvalidRequest(ApiException ex) {
		assertThat(ex.type()).isEqualTo(ApiErrorType.INVALID_REQUEST);
		assertThat(ex.status()).isEqualTo(400);
		assertThat(ex.getMessage()).isNotBlank();
	}

}
