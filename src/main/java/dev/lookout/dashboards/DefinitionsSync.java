package dev.lookout.dashboards;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.lookout.database.DatabaseMigrations;
import dev.lookout.datasource.DataSourceCatalog;
import dev.lookout.datasource.DataSourceSummary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the {@link Definitions} in step with the application database, on one thread of its own:
 * loads them at start (from the database, or, while it is unavailable, from the snapshot another
 * instance left in the {@link DefinitionsShare}), again after each committed change here, on each
 * notice of a change elsewhere, and whenever the periodic version check finds the database ahead
 * (the safety net for a lost notice). Requests never wait for any of this, except the one that
 * made a change, which waits for the definitions to show it.
 */
final class DefinitionsSync {

	private static final Log logger = LogFactory.getLog(DefinitionsSync.class);

	/** A change's request waits at most this for the definitions to show it; the version check catches up later. */
	private static final Duration MAX_WAIT_AFTER_CHANGE = Duration.ofSeconds(5);

	private final Dashboards dashboards;

	private final DataSourceCatalog dataSources;

	private final Definitions definitions;

	private final DefinitionsShare share;

	private final DatabaseMigrations migrations;

	private final Duration checkInterval;

	private final Clock clock;

	private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "lookout-definitions");
		thread.setDaemon(true);
		return thread;
	});

	/** The newest version the share is known to keep; only the sync's thread writes it. */
	private long sharedVersion;

	private boolean failureLogged;

	DefinitionsSync(Dashboards dashboards, DataSourceCatalog dataSources, Definitions definitions,
			DefinitionsShare share, DatabaseMigrations migrations, Duration checkInterval, Clock clock) {
		this.dashboards = dashboards;
		this.dataSources = dataSources;
		this.definitions = definitions;
		this.share = share;
		this.migrations = migrations;
		this.checkInterval = checkInterval;
		this.clock = clock;
	}

	/**
	 * Loads the definitions now if the database answers, so an instance whose database is up
	 * starts with them; then checks on every interval and listens for the other instances.
	 */
	void start() {
		if (this.migrations.done()) {
			runNow(this::check);
		}
		this.share.listen(this::noticed);
		this.thread.scheduleWithFixedDelay(this::check, this.checkInterval.toMillis(), this.checkInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		if (!this.definitions.loaded()) {
			this.thread.execute(this::check);
		}
	}

	void stop() {
		this.thread.shutdownNow();
	}

	/**
	 * A change here was committed: reads the definitions again before the request that made it
	 * answers, so its author sees it on the next read, and tells the other instances.
	 */
	void changed() {
		runNow(this::loadFromDatabase);
	}

	/** Another instance announced a version: read it if it is newer than the one held. */
	private void noticed(long version) {
		if (version > this.definitions.version()) {
			submit(this::loadFromDatabase);
		}
	}

	/**
	 * One round: read the definitions if none came from the database yet, else compare versions
	 * and read them again only if the database is ahead. Without the database and without
	 * definitions, the shared snapshot stands in.
	 */
	void check() {
		try {
			if (!this.migrations.done()) {
				loadShared();
				return;
			}
			if (this.definitions.origin().orElse(null) != Definitions.Origin.DATABASE) {
				loadFromDatabase();
			}
			else {
				Instant checkedAt = this.clock.instant();
				long version = this.dashboards.definitionsVersion();
				if (version == this.definitions.version()) {
					this.definitions.confirm(version, checkedAt);
				}
				else {
					loadFromDatabase();
				}
			}
			shareIfBehind();
			this.failureLogged = false;
		}
		catch (RuntimeException ex) {
			if (!this.failureLogged) {
				this.failureLogged = true;
				logger.warn("Cannot read the definitions from the application database (" + ex.getMessage()
						+ "); serving the ones held, checking again every " + this.checkInterval.toSeconds() + " s");
			}
			if (!this.definitions.loaded()) {
				loadShared();
			}
		}
	}

	/** Reads everything; the version first, so a change committed meanwhile is read again by the next check. */
	private void loadFromDatabase() {
		Instant readAt = this.clock.instant();
		long version = this.dashboards.definitionsVersion();
		List<Dashboard> all = this.dashboards.all();
		List<DataSourceSummary> sources = this.dataSources.all();
		boolean first = this.definitions.origin().orElse(null) != Definitions.Origin.DATABASE;
		long before = this.definitions.version();
		if (this.definitions.replace(new DefinitionsSnapshot(version, readAt, all, sources),
				Definitions.Origin.DATABASE, readAt)) {
			if (first) {
				logger.info("Definitions version " + version + " loaded from the application database: "
						+ all.size() + " dashboards");
			}
			if (version > before) {
				this.share.announce(version);
			}
			shareIfBehind();
		}
	}

	private void shareIfBehind() {
		if (this.definitions.origin().orElse(null) == Definitions.Origin.DATABASE
				&& this.sharedVersion < this.definitions.version()) {
			DefinitionsSnapshot held = this.definitions.snapshot();
			if (this.share.store(held.stored())) {
				this.sharedVersion = held.version();
			}
		}
	}

	private void loadShared() {
		if (this.definitions.loaded()) {
			return;
		}
		this.share.latest().ifPresent((stored) -> {
			DefinitionsSnapshot snapshot = new DefinitionsSnapshot(stored);
			if (this.definitions.replace(snapshot, Definitions.Origin.REDIS, stored.readAt())) {
				logger.warn("The application database is unavailable: serving definitions version "
						+ stored.version() + " from the snapshot in " + this.share.describe() + ", read from the"
						+ " database at " + stored.readAt() + "; changes cannot be saved until it answers");
			}
		});
	}

	private void submit(Runnable task) {
		try {
			this.thread.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Cannot read the definitions (" + ex.getMessage() + "); the next check retries");
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Stopping: nothing to keep in step any more.
		}
	}

	/** Runs {@code task} on the sync's thread and waits for it, at most {@link #MAX_WAIT_AFTER_CHANGE}. */
	private void runNow(Runnable task) {
		Future<?> done;
		try {
			done = this.thread.submit(task);
		}
		catch (RejectedExecutionException ex) {
			return;
		}
		try {
			done.get(MAX_WAIT_AFTER_CHANGE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("The definitions were not read again in time (" + ex.getMessage() + "); the next check retries");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
