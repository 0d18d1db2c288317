package dev.lookout.database;

import java.util.Optional;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * The request pool ({@value #NAME}) behind the one {@code DataSource} every request uses. A
 * Hikari pool cannot be opened again once closed, so a reload replaces it with a fresh one here,
 * while the {@code DataSource} bean, which always borrows from the current pool, stays the same.
 */
public final class RequestPool {

	public static final String NAME = "lookout-request";

	private final Supplier<HikariDataSource> opener;

	private volatile HikariDataSource current;

	RequestPool(Supplier<HikariDataSource> opener) {
		this.opener = opener;
		this.current = opener.get();
	}

	/** The pool's live counters (active, idle, waiting, total); empty while closed. */
	public Optional<HikariPoolMXBean> state() {
		return Optional.ofNullable(this.current.getHikariPoolMXBean()).filter((state) -> !this.current.isClosed());
	}

	public int maximumSize() {
		return this.current.getMaximumPoolSize();
	}

	/**
	 * Closes the idle connections now and every busy one as it is given back, so the pool fills
	 * with new ones: the watchdog's first step against a wedged pool.
	 */
	public void evictConnections() {
		state().ifPresent(HikariPoolMXBean::softEvictConnections);
	}

	/** The pool to borrow from now. */
	HikariDataSource current() {
		return this.current;
	}

	/** Closes the pool; Hikari aborts connections still borrowed after a short wait. */
	void close() {
		this.current.close();
	}

	/** Opens a fresh pool unless the current one is open. */
	synchronized void open() {
		if (this.current.isClosed()) {
			this.current = this.opener.get();
		}
	}

}
