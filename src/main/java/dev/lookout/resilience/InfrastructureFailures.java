package dev.lookout.resilience;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;

/**
 * What a breaker counts. A failure that shows the dependency cannot be reached or does not answer
 * is counted, wherever it sits in the cause chain. Lookout's own limits (an open breaker, a full
 * bulkhead or pool) are ignored: they say nothing about the dependency. Everything else is the
 * dependency answering, so a success for the breaker, even when the answer is an error: a
 * syntax error, a missing table, a violated constraint, or a statement timeout. A slow query is
 * its author's to fix, and counting it would cut a healthy database off from every other panel.
 */
final class InfrastructureFailures {

	/** Framework wrappers seen in practice are one or two deep; this only stops a cause cycle. */
	private static final int MAX_CAUSE_DEPTH = 16;

	private InfrastructureFailures() {
	}

	/** Whether the failure shows the dependency unreachable or not answering. */
	static boolean counts(Throwable failure) {
		if (isOwnLimit(failure)) {
			return false;
		}
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (isInfrastructure(current)) {
				return true;
			}
			current = current.getCause();
		}
		return false;
	}

	/** Whether Lookout refused the call itself: neither a success nor a failure of the dependency. */
	static boolean isOwnLimit(Throwable failure) {
		return ApiException.in(failure)
			.map((api) -> api.code() == ErrorCode.CIRCUIT_OPEN || api.code() == ErrorCode.DB_POOL_EXHAUSTED)
			.orElse(false);
	}

	private static boolean isInfrastructure(Throwable failure) {
		if (failure instanceof InfrastructureFailure) {
			return true;
		}
		if (failure instanceof SQLException sql) {
			String state = (sql.getSQLState() != null) ? sql.getSQLState() : "";
			// Hikari's wait for a connection ends in SQLTransientConnectionException; class 08 is a
			// connection exception; 57P0x is PostgreSQL shutting down or not yet accepting; 53300,
			// too many connections.
			return sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException
					|| sql instanceof SQLRecoverableException || state.startsWith("08") || state.startsWith("57P")
					|| state.equals("53300");
		}
		if (failure instanceof RedisException) {
			// An error reply is Redis answering; an interrupt is ours.
			return !(failure instanceof RedisCommandExecutionException)
					&& !(failure instanceof RedisCommandInterruptedException);
		}
		// Refused, reset, unreachable, timed out, unknown host.
		return failure instanceof SocketException || failure instanceof SocketTimeoutException
				|| failure instanceof UnknownHostException;
	}

}
