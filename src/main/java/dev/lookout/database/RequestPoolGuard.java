package dev.lookout.database;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import dev.lookout.resilience.Breakers;
import dev.lookout.resilience.Bulkheads;
import dev.lookout.resilience.CircuitOpen;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.github.resilience4j.bulkhead.Bulkhead;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The request pool as every request borrows from it: through the {@value Breakers#APP_DATABASE}
 * breaker, then a bulkhead with one place per connection, so that a request fails fast instead
 * of queueing. While the database is known to be unavailable (not yet migrated, or the latest
 * health probe DOWN) a borrow is refused at once with {@code APP_DATABASE_UNAVAILABLE}, as it is
 * while the breaker is open (then with the time left until its trial call); a full bulkhead answers {@code DB_POOL_EXHAUSTED} after the
 * pool wait; a borrow that found a place but got no connection means the database cannot hand
 * one out, which the breaker counts, and answers {@code APP_DATABASE_UNAVAILABLE} too. Each of these
 * leaves as an {@code SQLException}, as the JDBC contract wants, carrying the
 * {@link ApiException} that the web layer finds in the cause chain and answers with.
 * <p>
 * A borrowed connection keeps its place until it is closed, and waits for each answer of the
 * database at most the query timeout, so a request on a hung database ends too. Before it is lent
 * it must answer a validation within about the pool wait (whole seconds, at least one): Hikari skips
 * its own check for a connection used in the last half second, and with background work on the pool
 * (the notifications' outbox poll) most connections are, so the first request on a database that
 * just hung would otherwise wait for the query timeout instead of being refused.
 */
final class RequestPoolGuard extends DelegatingDataSource {

	private static final String SUBJECT = "The application database";

	private static final String UNAVAILABLE = "The application database cannot be reached, so changes cannot be"
			+ " saved right now; what you see is still served. Retry shortly.";

	/** PostgreSQL only sets its socket's timeout with it; it runs nothing on the executor. */
	private static final Executor DIRECT = Runnable::run;

	private final RequestPool pool;

	private final ApplicationDatabase database;

	private final Breakers breakers;

	private final Bulkhead bulkhead;

	private final int networkTimeoutMillis;

	private final int validationSeconds;

	private final String busy;

	RequestPoolGuard(RequestPool pool, ApplicationDatabase database, Breakers breakers, Bulkhead bulkhead,
			Duration poolWait, Duration queryTimeout) {
		this.pool = pool;
		this.database = database;
		this.breakers = breakers;
		this.bulkhead = bulkhead;
		this.networkTimeoutMillis = Math.toIntExact(queryTimeout.toMillis());
		this.validationSeconds = (int) Math.max(1, poolWait.toSeconds());
		this.busy = SUBJECT + " had all " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
				+ " request connections in use";
	}

	/** The current pool: a reload replaces it, and this bean lends from the new one. */
	@Override
	public DataSource getTargetDataSource() {
		return this.pool.current();
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.database.knownDown()) {
			// Known already: waiting for the pool would only make the user wait for the same answer.
			throw unavailable(ApplicationDatabase.RETRY_AFTER, null);
		}
		try {
			return this.breakers.call(Breakers.APP_DATABASE, SUBJECT, this::borrow);
		}
		catch (CircuitOpen ex) {
			throw unavailable(ex.retryAfter().orElse(ApplicationDatabase.RETRY_AFTER), null);
		}
		catch (ApiException ex) {
			throw new SQLTransientConnectionException(ex.getMessage(), ex);
		}
	}

	private static SQLTransientConnectionException unavailable(Duration retryAfter, SQLException cause) {
		return new SQLTransientConnectionException(UNAVAILABLE,
				new ApiException(ErrorCode.APP_DATABASE_UNAVAILABLE, UNAVAILABLE, retryAfter, cause));
	}

	private Connection borrow() throws SQLException {
		Bulkheads.Place place = Bulkheads.enter(this.bulkhead, this.busy);
		Connection connection;
		try {
			connection = obtainTargetDataSource().getConnection();
		}
		catch (SQLException ex) {
			place.close();
			// Past the bulkhead a connection was free or could be opened: the database gave none.
			throw unavailable(ApplicationDatabase.RETRY_AFTER, ex);
		}
		Connection guarded = leavingOnClose(connection, place);
		boolean valid;
		try {
			valid = guarded.isValid(this.validationSeconds);
			if (valid) {
				guarded.setNetworkTimeout(DIRECT, this.networkTimeoutMillis);
			}
		}
		catch (SQLException ex) {
			guarded.close();
			throw ex;
		}
		if (!valid) {
			guarded.close();
			throw unavailable(ApplicationDatabase.RETRY_AFTER, null);
		}
		return guarded;
	}

	/** The connection, giving back its place in the bulkhead once it is back in the pool. */
	private static Connection leavingOnClose(Connection connection, Bulkheads.Place place) {
		return (Connection) Proxy.newProxyInstance(RequestPoolGuard.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("equals")) {
						return proxy == arguments[0];
					}
					if (method.getName().equals("hashCode")) {
						return System.identityHashCode(proxy);
					}
					try {
						return method.invoke(connection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
					finally {
						if (method.getName().equals("close")) {
							place.close();
						}
					}
				});
	}

}
