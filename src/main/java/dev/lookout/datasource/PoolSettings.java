package dev.lookout.datasource;

import java.time.Duration;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;

/**
 * The settings of a source's connections: Hikari's bounded waits, read-only and no auto-commit,
 * and the connect, login and socket timeouts each driver takes under its own names, so a down or
 * frozen database fails a query instead of holding a thread.
 */
final class PoolSettings {

	/** The longest a caller waits for a connection, whatever the source's query timeout. */
	static final Duration LONGEST_CONNECTION_WAIT = Duration.ofSeconds(5);

	/** A frozen server answers neither a query nor its cancel; the socket gives up this long after the timeout. */
	private static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);

	/** What PostgreSQL shows as {@code application_name}, as for the request pool. */
	private static final String APPLICATION_NAME = "lookout";

	private PoolSettings() {
	}

	/** The bounded wait for a connection: the query timeout, at most {@link #LONGEST_CONNECTION_WAIT}. */
	static Duration connectionWait(DataSourceDefinition source) {
		return (source.queryTimeout().compareTo(LONGEST_CONNECTION_WAIT) < 0) ? source.queryTimeout()
				: LONGEST_CONNECTION_WAIT;
	}

	/** A pool of the source's size, read-only, never auto-committing, with the waits bounded for its driver. */
	static HikariConfig config(DataSourceDefinition source, Optional<String> password) {
		Duration wait = connectionWait(source);
		HikariConfig config = new HikariConfig();
		config.setPoolName("lookout-ds-" + source.id());
		config.setJdbcUrl(source.kind().driverUrl(source.jdbcUrl()));
		config.setUsername(source.username());
		password.ifPresent(config::setPassword);
		config.setMaximumPoolSize(source.poolSize());
		// Connections only on demand: a source that is down or refuses the login is not retried in the background
		// (H2 even slows every login in the JVM after a wrong password). Refreshes keep the ones they use warm.
		config.setMinimumIdle(0);
		// The bounded wait: a source that is down or saturated fails a query fast instead of piling up threads.
		config.setConnectionTimeout(wait.toMillis());
		config.setValidationTimeout(Math.min(wait.toMillis(), Duration.ofSeconds(1).toMillis()));
		// The source may be down when its pool is first needed; the borrow that needs it reports that.
		config.setInitializationFailTimeout(-1);
		config.setReadOnly(true);
		config.setAutoCommit(false);
		config.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
		config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
		Duration socketTimeout = source.queryTimeout().plus(SOCKET_MARGIN);
		// Driver properties travel as java.util.Properties, whose getProperty sees strings only.
		switch (source.kind()) {
			case POSTGRESQL -> {
				config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
				// A connect or login to a hung server must not outlast the wait for it.
				String waitSeconds = String.valueOf(Math.max(1, wait.toSeconds()));
				config.addDataSourceProperty("connectTimeout", waitSeconds);
				config.addDataSourceProperty("loginTimeout", waitSeconds);
				config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
			}
			case MARIADB, MYSQL -> {
				config.addDataSourceProperty("connectTimeout", String.valueOf(wait.toMillis()));
				config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
				// The driver allows it by default: a server could then read any file this process can.
				config.addDataSourceProperty("allowLocalInfile", "false");
			}
			case H2 -> {
				// In-process, or its own TCP server: no network timeouts to set.
			}
		}
		return config;
	}

}
