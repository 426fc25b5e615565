package dev.memstore.kernel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("fast")
class KeysetQueryTest {

	private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456Z");

	@Test
	void aNewestFirstPageContinuesBelowTheCursorsRowAndFetchesOneRowMore() {
		KeysetQuery query = KeysetQuery.newestFirst()
			.alias("v")
			.equal("memory_store_id", "memstore_1")
			.where("v.memory_id = :memory", "memory", "mem_1")
			.where("v.operation = :operation", "operation", null)
			.createdWithin(new CreatedAtRange(null, T, null, null))
			.after(List.of(T.toString(), "memver_9"))
			.limit(20);

		assertThat(query.sql()).isEqualTo(" where v.memory_store_id = :keyset_0 and (v.memory_id = :memory)"
				+ " and v.created_at >= :keyset_1 and (v.created_at, v.id) < (:keyset_after0, :keyset_after1)"
				+ " order by v.created_at desc, v.id desc limit :keyset_rows");
		assertThat(query.params()).containsEntry("keyset_0", "memstore_1")
			.containsEntry("memory", "mem_1")
			.containsEntry("keyset_1", T.atOffset(ZoneOffset.UTC))
			.containsEntry("keyset_after0", T.atOffset(ZoneOffset.UTC))
			.containsEntry("keyset_after1", "memver_9")
			.containsEntry("keyset_rows", 21)
			.doesNotContainKey("operation");
	}

	@Test
	void aSequencePageGoesEitherWay() {
		assertThat(KeysetQuery.bySequence("seq", false).equal("session_id", "sesn_1").after(List.of("7")).sql())
			.isEqualTo(" where session_id = :keyset_0 and seq > :keyset_after0 order by seq limit :keyset_rows");
		assertThat(KeysetQuery.bySequence("seq", true).after(List.of("7")).params()).containsEntry("keyset_after0", 7L);
		assertThatThrownBy(() -> KeysetQuery.bySequence("seq", true).after(List.of("x")))
			.isInstanceOf(ApiException.class);
	}

	@Test
	void aWorkspacesListLeavesArchivedRowsOutUnlessAsked() {
		assertThat(KeysetQuery.newestFirstInWorkspace("wrkspc_1", false, CreatedAtRange.ANY).sql())
			.isEqualTo(" where workspace_id = :keyset_0 and archived_at is null"
					+ " order by created_at desc, id desc limit :keyset_rows");
		assertThat(KeysetQuery.newestFirstInWorkspace("wrkspc_1", true, CreatedAtRange.ANY).sql())
			.isEqualTo(" where workspace_id = :keyset_0 order by created_at desc, id desc limit :keyset_rows");
	}

}
