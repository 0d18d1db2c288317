package dev.lookout.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The request pool on a real PostgreSQL: named, sized, bounded, and visible as ours. */
class RequestPoolTest {

	private static final String DATABASE = "request_pool";

	private final RecordedShutdowns shutdowns = new RecordedShutdowns();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(DatabaseConfiguration.class)
		.withBean(ManagedResources.class, this.shutdowns::registry)
		.withPropertyValues("APP_ENV=production",
				"lookout.database.url=" + TestPostgres.get().createDatabase(DATABASE).postgresUrl(),
				"lookout.database.pool-size=3", "lookout.database.pool-wait=500ms");

	@AfterEach
	void disposePools() throws Exception {
		this.shutdowns.runAll();
	}

	@Test
	void exhaustedPoolFailsWithinTheBoundedWait() {
		this.runner.run((context) -> {
			HikariDataSource pool = context.getBean(RequestPool.class).current();
			assertThat(pool.getPoolName()).isEqualTo("lookout-request");
			assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
			List<Connection> held = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					held.add(pool.getConnection());
				}
				long started = System.nanoTime();
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(pool::getConnection)
					.withMessageContaining("lookout-request");
				assertThat((System.nanoTime() - started) / 1_000_000).isBetween(450L, 1500L);
				assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(3);
			}
			finally {
				for (Connection connection : held) {
					connection.close();
				}
			}
			try (Connection again = pool.getConnection()) {
				assertThat(again.isValid(1)).isTrue();
			}
		});
	}

	@Test
	void postgresShowsOurConnectionsByApplicationName() throws SQLException {
		this.runner.run((context) -> {
			HikariDataSource pool = context.getBean(RequestPool.class).current();
			List<Connection> held = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					held.add(pool.getConnection());
				}
				assertThat(sessionsNamed("lookout")).isEqualTo(3);
			}
			finally {
				for (Connection connection : held) {
					connection.close();
				}
			}
			this.shutdowns.runAll();
		});
		// A backend ends a moment after its client said goodbye.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sessionsNamed("lookout")).isZero());
	}

	/** Sessions on our database with {@code application_name}, as the superuser sees them. */
	private static int sessionsNamed(String applicationName) throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection();
				PreparedStatement statement = admin.prepareStatement(
						"SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
			statement.setString(1, DATABASE);
			statement.setString(2, applicationName);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
