package dev.lookout.watchdog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.refresh.CacheUpdater;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real cache updater stuck on a lock in the application database (a round that reads an
 * edited panel while another session holds the panel table): its heartbeat stops, the watchdog
 * restarts it; a restart cannot free a thread blocked in the database driver, so after the
 * restarts the watchdog reloads, which aborts the stuck connection with its pool. Once the lock is
 * gone the updater beats again.
 */
@SpringBootTest(properties = { "lookout.database.query-timeout=2m", "lookout.refresh.tick-interval=250ms",
		"lookout.watchdog.interval=200ms", "lookout.watchdog.stuck-after=1s", "lookout.watchdog.max-reloads=3" })
@DirtiesContext
class StuckUpdaterIsRestartedThenReloadedTest {

	static final TestPostgres.Database DATABASE = TestPostgres.get().createDatabase("watchdog_stuck");

	@Autowired
	Watchdog watchdog;

	@Autowired
	CacheUpdater updater;

	@Autowired
	ApplicationEventPublisher events;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", DATABASE::postgresUrl);
	}

	@Test
	void stuckUpdaterIsRestartedThenReloadedAndBeatsAgainOnceFree() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		try (Connection locker = DriverManager.getConnection(DATABASE.jdbcUrl(), postgres.username(),
				postgres.password()); Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			statement.execute("LOCK TABLE panel IN ACCESS EXCLUSIVE MODE");
			// The next round reads the edited panel, and waits on the lock inside the driver.
			this.events.publishEvent(new PanelChanged(1, false));

			await().atMost(Duration.ofSeconds(20)).until(() -> did("restart", "heartbeat"));
			await().atMost(Duration.ofSeconds(40)).until(() -> did("reload", "after"));
			locker.rollback();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.updater.running()
				&& Duration.between(this.updater.lastHeartbeat(), Instant.now(Clock.systemUTC())).toMillis() < 1000);
		assertThat(this.watchdog.gaveUp()).isFalse();
	}

	private boolean did(String action, String detail) {
		return this.watchdog.actions()
			.stream()
			.anyMatch((done) -> done.check().equals(CacheUpdater.NAME) && done.action().equals(action)
					&& done.detail().contains(detail));
	}

}
