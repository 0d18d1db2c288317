package dev.lookout.datasource;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lookout.resilience.Bulkheads;
import dev.lookout.resilience.PoolExhausted;
import io.github.resilience4j.bulkhead.Bulkhead;

/**
 * One source's bounded connection pool, and the refresh slots that keep part of it free for
 * previews. Connections are read-only and never auto-commit, and none is used before the
 * account behind them has been reviewed ({@link AccountPolicy}) once per pool.
 */
final class DataSourcePool {

	/** Retry hint for every failure to reach a source: long enough for a restart or a busy moment to pass. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/** The longest a caller waits for a connection, whatever the source's query timeout. */
	private static final Duration LONGEST_CONNECTION_WAIT = Duration.ofSeconds(5);

	/** A frozen server answers neither a query nor its cancel; the socket gives up this long after the timeout. */
	private static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);

	/** What PostgreSQL shows as {@code application_name}, as for the request pool. */
	private static final String APPLICATION_NAME = "lookout";

	private final DataSourceDefinition source;

	private final HikariDataSource connections;

	private final int refreshSlotCount;

	private final Semaphore refreshSlots;

	private final Bulkhead previews;

	private final AccountPolicy accountPolicy;

	/** The account's review, made on the first connection; {@code null} until then. */
	private volatile AccountPolicy.Review review;

	DataSourcePool(DataSourceDefinition source, Optional<String> password, Bulkheads bulkheads,
			AccountPolicy accountPolicy) {
		this.source = source;
		this.accountPolicy = accountPolicy;
		this.connections = new HikariDataSource(config(source, password));
		this.refreshSlotCount = Math.max(1, source.poolSize() - 1);
		// Fair, so refreshes get their turns in order and none waits past its bound for a later one.
		this.refreshSlots = new Semaphore(this.refreshSlotCount, true);
		// What refreshes leave is the previews'; a pool of one is shared by both.
		this.previews = bulkheads.create(previewBulkheadName(source.id()),
				Math.max(1, source.poolSize() - this.refreshSlotCount), connectionWait(source));
	}

	/** The bulkhead that bounds the previews waiting for the source's connection. */
	static String previewBulkheadName(long dataSourceId) {
		return "datasource-" + dataSourceId + "-previews";
	}

	DataSourceDefinition source() {
		return this.source;
	}

	/** What its breaker guards, as the start of a sentence. */
	String subject() {
		return "Data source '" + this.source.name() + "'";
	}

	/**
	 * Takes what a query of this purpose needs before it borrows a connection: a refresh slot
	 * for {@link QueryPurpose#REFRESH}, waiting at most the query timeout; a place in the preview
	 * bulkhead for {@link QueryPurpose#PREVIEW}, waiting at most the bounded connection wait. So
	 * neither waits behind the other, and waiting previews cannot pile up request threads.
	 * @throws PoolExhausted when every slot or place stays busy
	 */
	Slot enter(QueryPurpose purpose) {
		if (purpose != QueryPurpose.REFRESH) {
			return Bulkheads.enter(this.previews, subject() + " had its connection for previews in use")::close;
		}
		Duration wait = this.source.queryTimeout();
		try {
			if (!this.refreshSlots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
				// Slots held by refreshes that have no connection yet: they wait on a database that
				// hands none out, and saying "busy" would blame the load. Not counted by the breaker:
				// the holders' own failures are.
				if (this.connections.getHikariPoolMXBean().getActiveConnections() < this.refreshSlotCount) {
					throw unavailable("its refreshes waited " + wait.toMillis()
							+ " ms for a connection that the database did not hand out", null);
				}
				throw new PoolExhausted(subject() + " had its " + this.refreshSlotCount
						+ " connection(s) for refreshes busy for " + wait.toMillis()
						+ " ms (the rest of its pool is kept for previews)", wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("interrupted while waiting for a connection for refreshes", ex);
		}
		return this.refreshSlots::release;
	}

	/**
	 * Borrows a connection, waiting at most the pool's bounded connection wait.
	 * @throws PoolExhausted when every connection stayed lent out
	 * @throws DataSourceUnavailable when none could be made (refused, timed out, login failed)
	 * @throws DataSourceRefused when the account can reach the server's files and may not
	 */
	Connection connection() {
		Connection connection = borrow();
		try {
			AccountPolicy.Review verdict = reviewed(connection);
			if (verdict.refusal().isPresent()) {
				throw new DataSourceRefused(this.source.name(), verdict.refusal().get());
			}
			return connection;
		}
		catch (RuntimeException ex) {
			closeQuietly(connection);
			throw ex;
		}
	}

	/**
	 * The account's review, asked of the database on the pool's first connection. A pool lives
	 * until its source changes or a reload, so a privilege granted or revoked later is seen then.
	 */
	private AccountPolicy.Review reviewed(Connection connection) {
		AccountPolicy.Review known = this.review;
		if (known != null) {
			return known;
		}
		synchronized (this) {
			if (this.review == null) {
				try {
					this.review = this.accountPolicy.review(this.source.kind(),
							AccountPrivileges.of(this.source.kind(), connection));
				}
				catch (SQLException ex) {
					throw unavailable("its account's privileges could not be read (" + ex.getMessage() + ")", ex);
				}
			}
			return this.review;
		}
	}

	private Connection borrow() {
		try {
			return this.connections.getConnection();
		}
		catch (SQLException ex) {
			if (this.connections.isClosed()) {
				throw unavailable("its settings changed or Lookout is stopping while the query waited; retry", ex);
			}
			// The wait also ends this way when the database cannot hand out a connection; only all of
			// them lent out is exhaustion.
			if (this.connections.getHikariPoolMXBean().getActiveConnections() >= this.source.poolSize()) {
				Duration wait = connectionWait(this.source);
				throw new PoolExhausted(subject() + " had all " + this.source.poolSize()
						+ " connection(s) in use for " + wait.toMillis() + " ms; retry in a moment.", wait);
			}
			throw unavailable(reasonOf(ex), ex);
		}
	}

	/** Borrows a connection and asks the database who it is, within the bounded connection wait. */
	ConnectionCheck check() {
		long started = System.nanoTime();
		try (Connection connection = connection()) {
			return checked(this.source, connection, this.review.warnings(), started);
		}
		catch (DataSourceRefused ex) {
			return ConnectionCheck.refused(ex.getMessage(), millisSince(started));
		}
		catch (DataSourceUnavailable | PoolExhausted | SQLException ex) {
			return ConnectionCheck.failed(ex.getMessage(), millisSince(started));
		}
	}

	/**
	 * Checks a source before it is saved, on a connection of its own that is closed at once: the
	 * same bounded wait, the same driver settings and the same account review as its pool's.
	 */
	static ConnectionCheck checkCandidate(DataSourceDefinition candidate, Optional<String> password,
			AccountPolicy accountPolicy) {
		long started = System.nanoTime();
		HikariConfig config = config(candidate, password);
		config.setPoolName("lookout-ds-check");
		config.setMaximumPoolSize(1);
		try (HikariDataSource once = new HikariDataSource(config); Connection connection = once.getConnection()) {
			AccountPolicy.Review verdict = accountPolicy.review(candidate.kind(),
					AccountPrivileges.of(candidate.kind(), connection));
			if (verdict.refusal().isPresent()) {
				return ConnectionCheck.refused(verdict.refusal().get(), millisSince(started));
			}
			return checked(candidate, connection, verdict.warnings(), started);
		}
		catch (SQLException ex) {
			return ConnectionCheck.failed(reasonOf(ex), millisSince(started));
		}
	}

	private static ConnectionCheck checked(DataSourceDefinition source, Connection connection, List<String> warnings,
			long started) throws SQLException {
		int validationSeconds = (int) Math.max(1, connectionWait(source).toSeconds());
		if (!connection.isValid(validationSeconds)) {
			return ConnectionCheck.failed("the database did not answer within " + validationSeconds + " s",
					millisSince(started));
		}
		DatabaseMetaData database = connection.getMetaData();
		return ConnectionCheck.succeeded(database.getDatabaseProductName(), database.getDatabaseProductVersion(),
				millisSince(started), warnings);
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// Given back broken: Hikari evicts it; the caller's failure is what matters.
		}
	}

	DataSourceUnavailable unavailable(String reason, Throwable cause) {
		return new DataSourceUnavailable(this.source.name(), reason, RETRY_AFTER, cause);
	}

	void close() {
		this.connections.close();
	}

	/**
	 * The pool's wait for a connection says only that it timed out; the last attempt's failure
	 * (refused, unknown host, bad password), when there was one, says why.
	 */
	private static String reasonOf(SQLException ex) {
		Throwable cause = ex.getCause();
		return (cause != null && cause.getMessage() != null) ? cause.getMessage() : ex.getMessage();
	}

	private static long millisSince(long started) {
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

	private static Duration connectionWait(DataSourceDefinition source) {
		return (source.queryTimeout().compareTo(LONGEST_CONNECTION_WAIT) < 0) ? source.queryTimeout()
				: LONGEST_CONNECTION_WAIT;
	}

	private static HikariConfig config(DataSourceDefinition source, Optional<String> password) {
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

	/** Held while a query runs; closing gives back what {@link #enter} took. */
	interface Slot extends AutoCloseable {

		@Override
		void close();

	}

}
