package dev.lookout.lifecycle;

/**
 * The order in which managed resources stop (lower first; a reload starts them in the reverse):
 * producers of work stop before the clients and pools they use are closed. One order per resource;
 * gaps leave room for new ones.
 */
public final class ShutdownOrder {

	/** First: it must not restart what the resources after it stop. It keeps running through a reload, which it may drive. */
	public static final int WATCHDOG = 10;

	/** The development demo's simulator writes into the demo database; it goes before anything reads it. */
	public static final int DEMO_SIMULATOR = 50;

	/** Then the updater: it schedules queries, so stopping it stops new work reaching every pool below. */
	public static final int CACHE_UPDATER = 100;

	/** The options of list variables are read from data sources too: stopped with the updater, before the pools. */
	public static final int VARIABLE_OPTIONS = 110;

	/**
	 * The provisioning directory's files are applied again on a reload: started after the request
	 * and data-source pools are back (a reload starts higher orders first), before the updater.
	 * Its stop does nothing.
	 */
	public static final int DASHBOARDS_DIRECTORY = 120;

	/**
	 * The notifications' delivery worker: stops claiming outbox rows, and a delivery under way ends
	 * within its channel's timeout, before the request pool it marks rows through closes. A row it
	 * could not mark keeps its claim until that expires and is then delivered again (at least once).
	 */
	public static final int NOTIFICATIONS = 130;

	/** Re-seals stored secrets through the request pool; stopped between two batches before that pool closes. */
	public static final int KEY_ROTATION = 150;

	/** Stops pushing to clients and publishing through Redis before Redis is closed. */
	public static final int REALTIME_SYNC = 200;

	/** Sessions stop reading and storing through the shared Redis client before it closes, and start after it. */
	public static final int REDIS_SESSIONS = 290;

	/** Closed once nothing above publishes or reads through it any more. */
	public static final int REDIS = 300;

	/** The development directory: sign-ins ended with the HTTP drain, and nothing below uses it. */
	public static final int DIRECTORY = 350;

	/** Writes the audit entries still queued (sign-ins, sign-outs) through the request pool, before it closes. */
	public static final int AUDIT_WRITER = 380;

	/** Disposed after its producers have stopped, so no task is lost half-submitted. */
	public static final int REQUEST_POOL = 400;

	/** Closed after the request pool, whose tasks hold their connections. */
	public static final int DATASOURCE_POOLS = 500;

	/** Last but one: health checks stay answerable while everything else is being released. */
	public static final int HEALTH_POOL = 600;

	/** The directory's health check, on a thread of its own; after the health pool, last of all. */
	public static final int DIRECTORY_PROBE = 610;

	private ShutdownOrder() {
	}

}
