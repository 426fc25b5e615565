package dev.memstore.kernel;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures PostgreSQL and the pool produce while the database is stopped, restarting
 * or unreachable, as observed in drill D3, against failures that are bugs or answers.
 */
@Tag("fast")
class DatabaseFailuresTest {

	@Test
	void aPoolThatCannotConnectIsUnavailable() {
		SQLTransientConnectionException timedOut = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 3000ms", "08001");
		assertThat(DatabaseFailures.isUnavailable(
				new CannotCreateTransactionException("Could not open JDBC Connection for transaction", timedOut)))
			.isTrue();
		assertThat(DatabaseFailures
			.isUnavailable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", timedOut)))
			.isTrue();
		assertThat(DatabaseFailures.isUnavailable(new IllegalStateException(timedOut))).isTrue();
	}

	@Test
	void aServerShuttingDownOrStartingIsUnavailable() {
		for (String state : new String[] { "57P01", "57P02", "57P03", "08006", "08003" }) {
			SQLException cause = new SQLException("FATAL: terminating connection", state);
			assertThat(DatabaseFailures.isUnavailable(new UncategorizedSQLException("query", "select 1", cause)))
				.as(state)
				.isTrue();
		}
		assertThat(DatabaseFailures.isUnavailable(new DataAccessResourceFailureException("I/O error"))).isTrue();
	}

	@Test
	void aRollbackOnAConnectionThePoolDiscardedIsUnavailable() {
		TransactionSystemException rollback = new TransactionSystemException("Could not roll back JDBC transaction",
				new SQLException("Connection is closed"));
		assertThat(DatabaseFailures.isUnavailable(rollback)).isTrue();

		TransactionSystemException overridden = new TransactionSystemException("Could not roll back");
		overridden.initApplicationException(new SQLException("terminating connection", "57P01"));
		assertThat(DatabaseFailures.isUnavailable(overridden)).isTrue();
	}

	@Test
	void bugsAndRefusedStatementsAreNot() {
		assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("a bug"))).isFalse();
		assertThat(DatabaseFailures.isUnavailable(ApiException.notFound("no such store"))).isFalse();
		assertThat(DatabaseFailures.isUnavailable(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(DatabaseFailures.isUnavailable(new UncategorizedSQLException("query", "select 1",
				new SQLException("canceling statement due to statement timeout", "57014"))))
			.isFalse();
		assertThat(DatabaseFailures.isUnavailable(new SQLException("Connection is closed", "0A000"))).isFalse();
		assertThat(DatabaseFailures.isUnavailable(new TransactionSystemException("Could not commit"))).isFalse();
	}

	@Test
	void aCycleOfCausesEnds() {
		RuntimeException first = new RuntimeException("first");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);
		assertThat(DatabaseFailures.isUnavailable(first)).isFalse();
	}

}
