package dev.lookout.database;

import java.time.Duration;

import dev.lookout.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Whether the application database can take a change now, from what is already known (the
 * migrations, the breaker, the latest health probe): never a wait. Pages and the API show
 * read-only mode from it, and the request pool's guard refuses at once while it says no.
 */
public final class ApplicationDatabase {

	/** Long enough for a database restart or a connection storm to pass. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final DatabaseMigrations migrations;

	private final Breakers breakers;

	/** Provided by the health module, which is built after this one. */
	private final ObjectProvider<DatabaseReachability> reachability;

	ApplicationDatabase(DatabaseMigrations migrations, Breakers breakers,
			ObjectProvider<DatabaseReachability> reachability) {
		this.migrations = migrations;
		this.breakers = breakers;
		this.reachability = reachability;
	}

	/** False while the schema is not migrated, the breaker is open, or the latest probe found the database down. */
	public boolean available() {
		return this.migrations.done() && !probedDown() && !breakerOpen();
	}

	/**
	 * Whether a call is sure to fail without being tried: the schema is not migrated, or the latest
	 * health probe found the database down and requests have failed on it too. The probe is a trial
	 * of its own, every second, on a pool of its own, so then no request needs to wait for a trial
	 * call. A DOWN probe alone is not enough: it may be the probe's own trouble (its pool replaced
	 * during a reload), and a request should not be refused for that.
	 */
	boolean knownDown() {
		if (!this.migrations.done()) {
			return true;
		}
		return probedDown()
				&& this.breakers.breaker(Breakers.APP_DATABASE).getMetrics().getNumberOfFailedCalls() > 0;
	}

	private boolean probedDown() {
		DatabaseReachability probe = this.reachability.getIfAvailable();
		return probe != null && probe.down();
	}

	private boolean breakerOpen() {
		CircuitBreaker.State state = this.breakers.breaker(Breakers.APP_DATABASE).getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

}
