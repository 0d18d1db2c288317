package dev.lookout.database;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.lookout.resilience.Breakers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the Flyway migrations: at start when the application database answers, else in the
 * background until it does, so that an instance can start and serve the definitions it finds in
 * Redis while the database is down. A failure other than an outage (a migration that does not
 * apply, a refused password) fails the start as before: retrying would not help.
 */
public final class DatabaseMigrations implements FlywayMigrationStrategy {

	private static final Log logger = LogFactory.getLog(DatabaseMigrations.class);

	private final Duration retryEvery;

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "lookout-migrations");
		thread.setDaemon(true);
		return thread;
	});

	DatabaseMigrations(Duration retryEvery) {
		this.retryEvery = retryEvery;
	}

	@Override
	public void migrate(Flyway flyway) {
		try {
			migrateNow(flyway);
		}
		catch (RuntimeException ex) {
			if (!Breakers.isOutage(ex)) {
				throw ex;
			}
			logger.warn("The application database cannot be reached (" + ex.getMessage() + "): starting without"
					+ " it; the migrations run once it answers, retried every " + this.retryEvery.toSeconds() + " s");
			this.retries.schedule(() -> retry(flyway), this.retryEvery.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** Whether the schema is up to date: the application database has been migrated since the start. */
	public boolean done() {
		return this.done.isDone() && !this.done.isCompletedExceptionally();
	}

	/**
	 * Runs {@code action} once the migrations are done: now, on this thread, if they are; else on the
	 * migrating one. A failure of the action is logged here: the future would otherwise keep it unseen.
	 */
	public void whenDone(Runnable action) {
		this.done.thenRun(() -> {
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				logger.error("Work waiting for the application database's migrations failed", ex);
			}
		});
	}

	void close() {
		this.retries.shutdownNow();
	}

	private void retry(Flyway flyway) {
		try {
			migrateNow(flyway);
			logger.info("The application database answers: migrations done");
		}
		catch (RuntimeException ex) {
			if (Breakers.isOutage(ex)) {
				this.retries.schedule(() -> retry(flyway), this.retryEvery.toMillis(), TimeUnit.MILLISECONDS);
				return;
			}
			logger.error("The migrations of the application database failed: changes cannot be saved until this"
					+ " is fixed and the instance restarted", ex);
			this.done.completeExceptionally(ex);
		}
	}

	private void migrateNow(Flyway flyway) {
		flyway.migrate();
		this.done.complete(null);
	}

}
