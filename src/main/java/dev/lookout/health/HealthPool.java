package dev.lookout.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lookout.database.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;

/**
 * The application database as health sees it: a pool of its own ({@value #POOL_NAME}, fixed
 * and small, with short timeouts) and one thread that runs the probe, so that a probe never
 * borrows from the request pool and never holds a request thread longer than the timeout.
 * Deliberately not a {@code DataSource} bean: nothing else may draw on it.
 */
final class HealthPool implements AutoCloseable {

	static final String POOL_NAME = "lookout-health";

	/** Aliased so that the server's statistics tell the probe from every other {@code SELECT 1}. */
	static final String PROBE_SQL = "SELECT 1 AS lookout_health_probe";

	private final HikariConfig config;

	/** Replaced on each start: a closed Hikari pool or executor cannot be reopened. */
	private volatile HikariDataSource pool;

	private final ProbeThread prober = new ProbeThread("lookout-health-probe-");

	private final int queryTimeoutSeconds;

	HealthPool(DatabaseUrl url, HealthSettings settings, MeterRegistry meters) {
		this.config = config(url, settings, meters);
		open();
		this.queryTimeoutSeconds = wholeSeconds(settings.timeout());
	}

	/** Borrows a connection and runs {@code SELECT 1} on the prober thread. */
	CompletableFuture<Health> probe() {
		return this.prober.run(this::check);
	}

	@Override
	public synchronized void close() {
		this.prober.close();
		this.pool.close();
	}

	/** Opens a fresh pool and prober thread unless they are open. */
	synchronized void open() {
		if (this.pool != null && !this.pool.isClosed()) {
			return;
		}
		HikariConfig copy = new HikariConfig();
		this.config.copyStateTo(copy);
		this.pool = new HikariDataSource(copy);
		this.prober.open();
	}

	private Health check() {
		long started = System.nanoTime();
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(this.queryTimeoutSeconds);
			statement.execute(PROBE_SQL);
			return Health.up()
				.withDetail("pool", POOL_NAME)
				.withDetail("latencyMs", Duration.ofNanos(System.nanoTime() - started).toMillis())
				.build();
		}
		catch (SQLException ex) {
			return Health.down()
				.withDetail("pool", POOL_NAME)
				.withDetail("error", ScheduledCheck.describe(ex))
				.build();
		}
	}

	private static HikariConfig config(DatabaseUrl url, HealthSettings settings, MeterRegistry meters) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(POOL_NAME);
		config.setJdbcUrl(url.jdbcUrl());
		config.setUsername(url.username());
		config.setPassword(url.password());
		config.setMaximumPoolSize(settings.poolSize());
		long timeout = settings.timeout().toMillis();
		config.setConnectionTimeout(timeout);
		config.setValidationTimeout(timeout);
		// Starts without the database: health must come up, and report, while it is down.
		config.setInitializationFailTimeout(-1);
		// Renewed as the request pool's are, under the same proxies and connection age limits.
		config.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
		config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
		config.setMetricRegistry(meters);
		if (url.isPostgres()) {
			config.addDataSourceProperty("ApplicationName", DatabaseUrl.APPLICATION_NAME);
			// The driver's own bounds, in whole seconds: a stopped (SIGSTOP) server accepts the
			// connection and never answers, and only a socket timeout frees the probe's thread.
			String seconds = String.valueOf(wholeSeconds(settings.timeout()));
			config.addDataSourceProperty("connectTimeout", seconds);
			config.addDataSourceProperty("socketTimeout", seconds);
		}
		return config;
	}

	private static int wholeSeconds(Duration duration) {
		return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
	}

}
