package dev.lookout.datasource;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Checks whether a source answers and what its account may do: for a candidate before it is
 * saved, and (through {@link DataSourcePool#check()}) for a stored one.
 */
final class ConnectionChecks {

	private ConnectionChecks() {
	}

	/**
	 * Checks a source before it is saved, on a connection of its own that is closed at once: the
	 * same bounded wait, the same driver settings and the same account review as its pool's.
	 */
	static ConnectionCheck checkCandidate(DataSourceDefinition candidate, Optional<String> password,
			AccountPolicy accountPolicy) {
		long started = System.nanoTime();
		HikariConfig config = PoolSettings.config(candidate, password);
		config.setPoolName("lookout-ds-check");
		config.setMaximumPoolSize(1);
		try (HikariDataSource once = new HikariDataSource(config); Connection connection = once.getConnection()) {
			AccountPolicy.Review verdict = accountPolicy.review(candidate.kind(),
					AccountPrivileges.of(candidate.kind(), connection));
			if (verdict.refusal().isPresent()) {
				return ConnectionCheck.refused(verdict.refusal().get(), DataSourcePool.millisSince(started));
			}
			return checked(candidate, connection, verdict.warnings(), started);
		}
		catch (SQLException ex) {
			return ConnectionCheck.failed(DataSourcePool.reasonOf(ex), DataSourcePool.millisSince(started));
		}
	}

	/** What a connection that works says about itself: product, version, time taken and the account's warnings. */
	static ConnectionCheck checked(DataSourceDefinition source, Connection connection, List<String> warnings,
			long started) throws SQLException {
		int validationSeconds = (int) Math.max(1, PoolSettings.connectionWait(source).toSeconds());
		if (!connection.isValid(validationSeconds)) {
			return ConnectionCheck.failed("the database did not answer within " + validationSeconds + " s",
					DataSourcePool.millisSince(started));
		}
		DatabaseMetaData database = connection.getMetaData();
		return ConnectionCheck.succeeded(database.getDatabaseProductName(), database.getDatabaseProductVersion(),
				DataSourcePool.millisSince(started), warnings);
	}

}
