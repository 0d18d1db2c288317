package dev.lookout.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.resilience.Breakers;
import dev.lookout.system.AppMode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The application database and the request pool that serves it. Defining the
 * {@code DataSource} here makes Boot's own back off; Flyway migrates through it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

	private static final Log logger = LogFactory.getLog(DatabaseConfiguration.class);

	/** How often migrations deferred at start try again: a restarting database is back within seconds. */
	private static final Duration MIGRATION_RETRY = Duration.ofSeconds(2);

	/** Resolved once: an in-memory database's name must stay the same when a pool is reopened. */
	@Bean
	DatabaseUrl applicationDatabaseUrl(DatabaseSettings settings, Environment environment) {
		DatabaseUrl url = resolve(settings, AppMode.of(environment));
		logger.info("Application database: " + url);
		return url;
	}

	/**
	 * The pool behind every request. Disposed by the shutdown registry in its turn (after the
	 * workers that use it stop), not by the context's destroy, and replaced by a fresh one on a
	 * reload. Requests borrow through {@link RequestPoolGuardConfiguration}. Its meters are bound
	 * here, not by Boot, because Boot binds only the pool it found at startup.
	 */
	@Bean
	RequestPool requestPool(DatabaseUrl applicationDatabaseUrl, DatabaseSettings settings,
			ObjectProvider<MeterRegistry> meters, ManagedResources resources, ObjectProvider<Breakers> breakers) {
		HikariConfig config = requestPoolConfig(applicationDatabaseUrl, settings);
		meters.ifAvailable(config::setMetricRegistry);
		// No pool fails the start or a reload when the database is unreachable: it opens empty and
		// fills once the database answers (the migrations wait for that; reads need no database).
		config.setInitializationFailTimeout(-1);
		RequestPool pool = new RequestPool(() -> {
			HikariConfig copy = new HikariConfig();
			config.copyStateTo(copy);
			return new HikariDataSource(copy);
		});
		// A fresh pool starts with a fresh breaker: failures of the closed one (requests cut by the
		// reload) say nothing of the database, and would make the guard refuse on a stale probe.
		resources.register("request-pool", ShutdownOrder.REQUEST_POOL, pool::close).startWith(() -> {
			pool.open();
			breakers.ifAvailable((all) -> all.forget(Breakers.APP_DATABASE));
		});
		return pool;
	}

	/** Boot's Flyway runs the migrations through this, which defers them while the database is unreachable. */
	@Bean(destroyMethod = "close")
	DatabaseMigrations databaseMigrations() {
		return new DatabaseMigrations(MIGRATION_RETRY);
	}

	/**
	 * Flyway migrates through the first pool itself, so a long migration meets neither the breaker
	 * nor the query timeout. It runs once, at startup; nothing else uses this bean.
	 */
	@Bean(destroyMethod = "")
	@FlywayDataSource
	DataSource migrationDataSource(RequestPool requestPool) {
		return requestPool.current();
	}

	private static DatabaseUrl resolve(DatabaseSettings settings, AppMode mode) {
		if (StringUtils.hasText(settings.url())) {
			return DatabaseUrl.parse(settings.url()).withDefaultCredentials(settings.username(), settings.password());
		}
		return switch (mode) {
			case DEVELOPMENT -> DatabaseUrl.h2File(createDirectories(settings));
			// One per context: tests sharing a JVM never see each other's rows.
			case TEST -> DatabaseUrl.h2InMemory("lookout-" + UUID.randomUUID());
			// The secret guard refuses this earlier; this is the last line, not the message users see.
			case PRODUCTION -> throw new IllegalStateException(
					DatabaseUrl.VARIABLE + " is required in production, for example postgres://user:password@host:5432/lookout");
		};
	}

	private static HikariConfig requestPoolConfig(DatabaseUrl url, DatabaseSettings settings) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(RequestPool.NAME);
		config.setJdbcUrl(url.jdbcUrl());
		config.setUsername(url.username());
		config.setPassword(url.password());
		// Fixed size (the minimum idle defaults to it): a steady load on the database, and no
		// request pays for opening a connection.
		config.setMaximumPoolSize(settings.poolSize());
		// The bounded wait: when every connection is busy, a request gives up after this instead
		// of queueing without end.
		config.setConnectionTimeout(settings.poolWait().toMillis());
		// A connection idle for a moment is checked when borrowed; the check must fit in the wait.
		config.setValidationTimeout(Math.min(settings.poolWait().toMillis(), Duration.ofSeconds(1).toMillis()));
		// Idle connections are probed, so one that a restart or the network killed is replaced
		// before a request borrows it.
		config.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
		// Renewed under the connection age limits that databases and proxies commonly impose.
		config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
		if (url.isPostgres()) {
			config.addDataSourceProperty("ApplicationName", DatabaseUrl.APPLICATION_NAME);
		}
		return config;
	}

	private static Path createDirectories(DatabaseSettings settings) {
		try {
			return Files.createDirectories(settings.dataDir());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the data directory " + settings.dataDir().toAbsolutePath(), ex);
		}
	}

}
