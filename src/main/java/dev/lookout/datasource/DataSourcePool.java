package dev.lookout.datasource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
		this.connections = new HikariDataSource(PoolSettings.config(source, password));
		this.refreshSlotCount = Math.max(1, source.poolSize() - 1);
		// Fair, so refreshes get their turns in order and none waits past its bound for a later one.
		this.refreshSlots = new Semaphore(this.refreshSlotCount, true);
		// What refreshes leave is the previews'; a pool of one is shared by both.
		this.previews = bulkheads.create(previewBulkheadName(source.id()),
				Math.max(1, source.poolSize() - this.refreshSlotCount), PoolSettings.connectionWait(source));
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
				Duration wait = PoolSettings.connectionWait(this.source);
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
			return ConnectionChecks.checked(this.source, connection, this.review.warnings(), started);
		}
		catch (DataSourceRefused ex) {
			return ConnectionCheck.refused(ex.getMessage(), millisSince(started));
		}
		catch (DataSourceUnavailable | PoolExhausted | SQLException ex) {
			return ConnectionCheck.failed(ex.getMessage(), millisSince(started));
		}
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
	static String reasonOf(SQLException ex) {
		Throwable cause = ex.getCause();
		return (cause != null && cause.getMessage() != null) ? cause.getMessage() : ex.getMessage();
	}

	static long millisSince(long started) {
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

	/** Held while a query runs; closing gives back what {@link #enter} took. */
	interface Slot extends AutoCloseable {

		@Override
		void close();

	}

}
