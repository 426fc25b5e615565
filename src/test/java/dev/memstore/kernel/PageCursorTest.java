package dev.memstore.kernel;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Tag("fast")
class PageCursorTest {

	@Test
	void aCursorDecodesToTheKeyItWasMadeFrom() {
		List<String> key = List.of("2026-11-23T10:00:00.123456Z", "memstore_01abc", "/ünïcode/path.md");

		String cursor = PageCursor.encode("stores|false", key);

		assertThat(cursor).startsWith("page_").doesNotContain("=", "+", "/");
		assertThat(PageCursor.decode(cursor, "stores|false", 3)).isEqualTo(key);
	}

	@Test
	void aCursorMadeForOtherFiltersIsRefused() {
		String cursor = PageCursor.encode("stores|false", List.of("a", "b"));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> PageCursor.decode(cursor, "stores|true", 2))
			.satisfies((error) -> {
				assertThat(error.status()).isEqualTo(400);
				assertThat(error.getMessage()).contains("different list or different filters");
			});
	}

	@Test
	void damagedCursorsAreInvalidRequestsNotServerErrors() {
		String cursor = PageCursor.encode("scope", List.of("a", "b"));
		String[] damaged = { null, "", "page_", "page_%%%", "nope_" + cursor.substring(5), cursor + "AA",
				cursor.substring(0, cursor.length() - 3), "page_AQ", cursor.replace('A', 'B') };

		for (String candidate : damaged) {
			if (candidate != null && candidate.equals(cursor)) {
				continue;
			}
			assertThatExceptionOfType(ApiException.class).as(candidate)
				.isThrownBy(() -> PageCursor.decode(candidate, "scope", 2))
				.satisfies((error) -> assertThat(error.type()).isEqualTo(ApiErrorType.INVALID_REQUEST));
		}
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> PageCursor.decode(cursor, "scope", 3));
	}

	@Test
	void aForgedPartWithANulIsAnInvalidCursor() {
		// The fingerprint is no secret: anyone can make a cursor for a list. Its parts go
		// into SQL, where a NUL failed the query as a 500.
		String withNul = PageCursor.encode("scope", List.of("2026-01-01T00:00:00Z", "mem_a\u0000b"));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> PageCursor.decode(withNul, "scope", 2))
			.satisfies((error) -> assertThat(error.type()).isEqualTo(ApiErrorType.INVALID_REQUEST));
	}

	@Test
	void aForgedInstantOutsideTheYearsRfc3339CanWriteIsAnInvalidCursor() {
		// PostgreSQL failed the query on years beyond its range, as a 500.
		for (String instant : new String[] { "+294277-01-01T00:00:00Z", "-4714-11-23T00:00:00Z",
				"+10000-01-01T00:00:00Z" }) {
			assertThatExceptionOfType(ApiException.class).as(instant)
				.isThrownBy(() -> PageCursor.instantPart(instant))
				.satisfies((error) -> assertThat(error.type()).isEqualTo(ApiErrorType.INVALID_REQUEST));
		}
		assertThat(PageCursor.instantPart("9999-12-31T23:59:59.999999Z")).isNotNull();
		assertThat(PageCursor.instantPart("0001-01-01T00:00:00Z")).isNotNull();
	}

}
