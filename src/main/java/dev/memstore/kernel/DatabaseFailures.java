package dev.memstore.kernel;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached (stopped, restarting, unreachable, out of
 * connections) from a bug: the first is worth a retry and a short log line, the second a
 * stack trace.
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * Whether the failure, or anything that caused it, says the database could not be
	 * reached or dropped the connection.
	 */
	public static boolean isUnavailable(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (isConnectionFailure(cause)) {
				return true;
			}
			// A rollback that failed because the connection died hides the failure that
			// started it.
			if (cause instanceof TransactionSystemException transaction && transaction.getApplicationException() != null
					&& isUnavailable(transaction.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isConnectionFailure(Throwable cause) {
		if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
				|| cause instanceof SQLTransientConnectionException
				|| cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
			return true;
		}
		return cause instanceof SQLException sql
				&& (isConnectionState(sql.getSQLState()) || isClosedPoolConnection(sql));
	}

	/**
	 * What Hikari answers, without a SQLSTATE, when a transaction is rolled back on a
	 * connection it has already discarded as broken; that rollback failure replaces the
	 * failure that broke it.
	 */
	private static boolean isClosedPoolConnection(SQLException failure) {
		return failure.getSQLState() == null && "Connection is closed".equals(failure.getMessage());
	}

	/**
	 * SQLSTATE class 08 (connection exception) and the server's "shutting down",
	 * "crashed" and "starting up" states (57P01 to 57P03).
	 */
	static boolean isConnectionState(String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
				|| sqlState.equals("57P03"));
	}

	/**
	 * The answer to a request that failed for want of the database: a 503 that the SDKs
	 * retry with backoff.
	 */
	public static ApiException unavailable() {
		return new ApiException(503, ApiErrorType.API,
				"the database is unavailable; memstore recovers by itself when it is back, retry the request shortly");
	}

}
