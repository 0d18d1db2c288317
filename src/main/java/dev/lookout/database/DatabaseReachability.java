package dev.lookout.database;

/**
 * Tells whether the application database answers, seen through a pool other than the request pool.
 * <p>
 * For a caller that must tell a wedged request pool from a database that is down (the watchdog),
 * and for the request pool's guard, which refuses at once while the database is known to be down.
 * Declared here, beside the request pool, and provided by the health module (its health pool and
 * scheduled check, as {@code /health} sees them), so that neither reaches into the other's registry.
 */
public interface DatabaseReachability {

	/** Whether the latest probe, at most {@code HEALTH_CACHE} old, found the database UP. */
	boolean answers();

	/**
	 * Whether the latest probe found the database DOWN or got no answer in time; false before the
	 * first probe ended, when nothing is known yet.
	 */
	boolean down();

}
