package dev.lookout.watchdog;

import java.time.Instant;
import java.util.Optional;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lookout.database.DatabaseReachability;
import dev.lookout.database.RequestPool;

/**
 * Watches the request pool: every connection busy and none idle while the database answers the
 * health pool is wedged (the database is fine, the pool is not); evicted, then reloaded.
 */
final class RequestPoolCheck implements Check {

	/** Named as the pool's managed resource is. */
	static final String NAME = "request-pool";

	private final RequestPool pool;

	private final DatabaseReachability database;

	private final WatchdogSettings settings;

	RequestPoolCheck(RequestPool pool, DatabaseReachability database, WatchdogSettings settings) {
		this.pool = pool;
		this.database = database;
		this.settings = settings;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Optional<String> wedged(Instant now) {
		Optional<HikariPoolMXBean> state = this.pool.state();
		// The database last: it costs a probe, and only a full pool needs its answer.
		boolean wedged = state.isPresent() && state.get().getActiveConnections() >= this.pool.maximumSize()
				&& state.get().getIdleConnections() == 0 && this.database.answers();
		return wedged ? Optional.of("all " + this.pool.maximumSize()
				+ " connections busy while the health pool reaches the database") : Optional.empty();
	}

	@Override
	public Escalation.Policy policy() {
		return new Escalation.Policy(this.settings.wedgedPoolAfter(), 1, false, this.settings.reloadWindow());
	}

	@Override
	public String remedy() {
		return "evict";
	}

	@Override
	public void applyRemedy() {
		this.pool.evictConnections();
	}

}
