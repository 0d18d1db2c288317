package dev.lookout.database;

/**
 * Tells whether the application database answers, seen through a pool other than the request pool.
 * <p>
 * For a caller that must tell a wedged request pool from a database that is down (the watchdog).
 * Declared here, beside the request pool, and provided by the health module (its health pool and
 * cached check, as {@code /health} sees them), so that neither reaches into the other's registry.
 */
@FunctionalInterface
public interface DatabaseReachability {

	/** Whether the latest probe, at most {@code HEALTH_CACHE} old, found the database UP. */
	boolean answers();

}
