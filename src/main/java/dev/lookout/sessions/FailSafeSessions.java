package dev.lookout.sessions;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.lookout.redis.SharedRedis;
import dev.lookout.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Spring Session's Redis repository, made safe for a Redis outage: Spring Session would fail the
 * request (500) when the store cannot be reached. Here every command goes through the
 * {@code redis} breaker and only while the shared client is connected, so nothing waits on a
 * Redis that is down (at most one command timeout on one that hangs, until the breaker opens,
 * and no more than that for the first connection after a start or a reload).
 * Meanwhile a session is treated as absent (its user is signed out; public dashboards are
 * served) and a session is not stored; {@link SignInNeedsSessions} refuses sign-in, since a
 * session made then would vanish. Failures that are not an outage (an attribute that cannot be
 * serialized, an error reply) go through as they are: they are bugs to see.
 */
final class FailSafeSessions<S extends Session> implements SessionRepository<S> {

	private static final Log logger = LogFactory.getLog(FailSafeSessions.class);

	private final SessionRepository<S> sessions;

	private final SharedRedis redis;

	private final CircuitBreaker breaker;

	/** Whether the last command failed: the outage is logged when it starts and when it ends. */
	private final AtomicBoolean outage = new AtomicBoolean();

	/**
	 * False while the managed resources have sessions stopped, around the shared client's close (a reload, the end).
	 * A reload waits for the requests in progress, but not for the error page of one it refused
	 * (Tomcat's error dispatch), which still passes through Spring Session: no session then, and
	 * no outage either.
	 */
	private volatile boolean running = true;

	FailSafeSessions(SessionRepository<S> sessions, SharedRedis redis, CircuitBreaker breaker) {
		this.sessions = sessions;
		this.redis = redis;
		this.breaker = breaker;
	}

	/** Whether a session stored now is likely to be kept: connected, and the breaker lets commands through. */
	boolean available() {
		CircuitBreaker.State state = this.breaker.getState();
		return this.redis.awaitConnection() && state != CircuitBreaker.State.OPEN
				&& state != CircuitBreaker.State.FORCED_OPEN;
	}

	/** A new session in memory; nothing reaches Redis until it is saved. */
	@Override
	public S createSession() {
		return this.sessions.createSession();
	}

	@Override
	public void save(S session) {
		call(() -> {
			this.sessions.save(session);
			return null;
		});
	}

	@Override
	public S findById(String id) {
		return call(() -> this.sessions.findById(id));
	}

	@Override
	public void deleteById(String id) {
		call(() -> {
			this.sessions.deleteById(id);
			return null;
		});
	}

	/** Before the shared client closes: from now on nothing is read or stored. */
	void stopping() {
		this.running = false;
	}

	/** Once the shared client has started again. */
	void started() {
		this.running = true;
	}

	private <T> T call(Supplier<T> command) {
		if (!this.running || this.redis.isClosed()) {
			return null;
		}
		// Right after a start or a reload the shared client is still connecting: wait for that
		// (bounded), or every signed-in user would be signed out by a request that came too soon.
		if (!this.redis.awaitConnection()) {
			unavailable("not connected");
			return null;
		}
		T result;
		try {
			result = this.breaker.executeSupplier(command);
		}
		catch (CallNotPermittedException ex) {
			unavailable("its breaker is open");
			return null;
		}
		catch (RuntimeException ex) {
			if (!this.running) {
				// The shared client closed under the command.
				return null;
			}
			if (!Breakers.isOutage(ex)) {
				throw ex;
			}
			unavailable(ex.getMessage());
			return null;
		}
		if (this.outage.compareAndSet(true, false)) {
			logger.info("Sessions are read and stored in Redis at " + this.redis.location() + " again");
		}
		return result;
	}

	private void unavailable(String why) {
		if (this.outage.compareAndSet(false, true)) {
			logger.warn("Sessions cannot be read or stored in Redis at " + this.redis.location() + " (" + why
					+ "): until it answers, signed-in users are treated as signed out, sign-in is refused with"
					+ " SESSION_STORE_UNAVAILABLE, and public dashboards keep being served");
		}
	}

}
