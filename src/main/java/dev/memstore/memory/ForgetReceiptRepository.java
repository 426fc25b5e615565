package dev.memstore.memory;

import java.util.Optional;

import dev.memstore.kernel.JsonColumns;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.memstore.memory.MemoryRepository.utc;

/**
 * Receipts of forgets, stored as the JSON the API shows.
 */
@Repository
class ForgetReceiptRepository {

	private final JdbcClient jdbc;

	private final JsonColumns json;

	ForgetReceiptRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(ForgetReceipt receipt) {
		this.jdbc.sql("""
				insert into forget_receipts (id, workspace_id, memory_store_id, receipt, created_at)
				values (:id, :workspace, :store, cast(:receipt as jsonb), :createdAt)""")
			.param("id", receipt.id())
			.param("workspace", receipt.workspaceId())
			.param("store", receipt.memoryStoreId())
			.param("receipt", this.json.write(receipt))
			.param("createdAt", utc(receipt.performedAt()))
			.update();
	}

	Optional<ForgetReceipt> find(String workspaceId, String receiptId) {
		return this.jdbc.sql("select receipt from forget_receipts where id = :id and workspace_id = :workspace")
			.param("id", receiptId)
			.param("workspace", workspaceId)
			.query(String.class)
			.optional()
			.map((text) -> this.json.read(text, ForgetReceipt.class));
	}

}
