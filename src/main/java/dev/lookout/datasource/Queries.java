package dev.lookout.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.lookout.resilience.Breakers;

import org.springframework.stereotype.Service;

/**
 * Runs SQL against a data source: one query statement in a read-only transaction that is
 * always rolled back, under the source's statement timeout and row limit, with values
 * converted to JSON-safe types (see {@link QueryText} for what may run, and why), and values
 * of the variables it names bound as parameters (see {@link SqlParameters}).
 */
@Service
public class Queries {

	private final DataSourcePools pools;

	private final Breakers breakers;

	Queries(DataSourcePools pools, Breakers breakers) {
		this.pools = pools;
		this.breakers = breakers;
	}

	/**
	 * Runs the query through the source's breaker, so a source that keeps failing is not called
	 * at all for a while: the updater then stores the last good result as stale, and a preview is
	 * answered at once.
	 * @throws QueryFailed the database rejected the SQL
	 * @throws QueryTimedOut the statement timeout cancelled it
	 * @throws DataSourceUnavailable the source cannot be reached
	 * @throws dev.lookout.resilience.CircuitOpen the source's breaker is open: it kept failing
	 * @throws dev.lookout.resilience.PoolExhausted every connection this purpose may use stayed busy
	 * for its bounded wait
	 * @throws dev.lookout.web.ApiException with {@code NOT_FOUND} when no such source exists, with
	 * {@code VALIDATION_FAILED} when the SQL is not one query, with {@code SERVICE_UNAVAILABLE} once
	 * Lookout is shutting down
	 */
	public QueryResult run(long dataSourceId, String sql, QueryPurpose purpose) {
		return run(dataSourceId, sql, Map.of(), purpose);
	}

	/**
	 * Runs the query as {@link #run(long, String, QueryPurpose)} does, with the values of the
	 * variables it names ({@code :region}) bound as parameters, never written into its text: a
	 * name with several values stands for them all, comma-separated ({@code IN (:region)}).
	 * Values of names the SQL does not use are ignored.
	 * @param parameters each name's values: String, Long, Integer, BigDecimal or Instant
	 * @throws dev.lookout.web.ApiException also with {@code VALIDATION_FAILED} when the SQL names a
	 * parameter without values, or binds more than {@value SqlParameters#MAX_VALUES} in all (see
	 * {@link SqlParameters})
	 */
	public QueryResult run(long dataSourceId, String sql, Map<String, List<Object>> parameters,
			QueryPurpose purpose) {
		QueryText.Parsed statement = QueryText.parse(sql);
		DataSourcePool pool = this.pools.pool(dataSourceId);
		SqlParameters.Bound query = SqlParameters.rewrite(statement, parameters, pool.source().kind());
		return this.breakers.call(Breakers.dataSource(dataSourceId), pool.subject(),
				() -> run(pool, query, purpose));
	}

	private static QueryResult run(DataSourcePool pool, SqlParameters.Bound query, QueryPurpose purpose) {
		try (DataSourcePool.Slot slot = pool.enter(purpose)) {
			Connection connection = pool.connection();
			try (connection) {
				return run(connection, query, pool.source());
			}
			catch (SQLException ex) {
				throw failure(ex, pool);
			}
		}
	}

	private static QueryResult run(Connection connection, SqlParameters.Bound query, DataSourceDefinition source)
			throws SQLException {
		// The pool hands out connections this way already; said again because safety rests on it.
		connection.setReadOnly(true);
		connection.setAutoCommit(false);
		QueryResult result;
		try {
			result = execute(connection, query, source);
		}
		catch (SQLException | RuntimeException ex) {
			// Once the failure broke the connection, the pool closed it and the rollback fails
			// without a SQL state: it must not hide the failure that says why.
			try {
				connection.rollback();
			}
			catch (SQLException rollback) {
				ex.addSuppressed(rollback);
			}
			throw ex;
		}
		// Whatever the statement did is never kept.
		connection.rollback();
		return result;
	}

	private static QueryResult execute(Connection connection, SqlParameters.Bound query,
			DataSourceDefinition source) throws SQLException {
		if (source.kind() == DataSourceKind.POSTGRESQL) {
			// The server cancels on its own too, even when the client's cancel cannot reach it.
			try (Statement setting = connection.createStatement()) {
				setting.execute("SET LOCAL statement_timeout = " + source.queryTimeout().toMillis());
			}
		}
		try (Statement statement = query.statementOn(connection)) {
			statement.setQueryTimeout(wholeSeconds(source.queryTimeout()));
			// One more row than the limit, to tell a truncated result from one that fits exactly.
			statement.setMaxRows(source.rowLimit() + 1);
			long started = System.nanoTime();
			if (!query.execute(statement)) {
				throw new QueryFailed("The statement returned no rows: only queries can run here.");
			}
			try (ResultSet result = statement.getResultSet()) {
				ResultReader.Rows rows = ResultReader.read(result, source.rowLimit(), source.kind());
				return new QueryResult(rows.columns(), rows.values(), rows.truncated(), source.rowLimit(),
						Duration.ofNanos(System.nanoTime() - started));
			}
		}
	}

	private static RuntimeException failure(SQLException ex, DataSourcePool pool) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		// 57014 is PostgreSQL's and H2's query_canceled, 70100 MariaDB's interrupted query.
		if (ex instanceof SQLTimeoutException || state.equals("57014") || state.equals("70100")) {
			return new QueryTimedOut(pool.source().queryTimeout());
		}
		// Class 08 is a connection exception; 57P0x, PostgreSQL shutting down or restarting.
		if (ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException
				|| ex instanceof SQLRecoverableException || state.startsWith("08") || state.startsWith("57P")) {
			return pool.unavailable(ex.getMessage(), ex);
		}
		return new QueryFailed(ex.getMessage());
	}

	private static int wholeSeconds(Duration timeout) {
		return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
	}

}
