package dev.lookout.database;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseConfigurationTest {

	private static final String H2_FLAGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

	private final RecordedShutdowns shutdowns = new RecordedShutdowns();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
		.withUserConfiguration(DatabaseConfiguration.class)
		.withBean(ManagedResources.class, this.shutdowns::registry)
		.withPropertyValues("APP_ENV=test");

	@AfterEach
	void disposePools() throws Exception {
		this.shutdowns.runAll();
	}

	@Test
	void settingsHaveDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(DatabaseSettings.class))
			.extracting(DatabaseSettings::poolSize, DatabaseSettings::poolWait, DatabaseSettings::dataDir)
			.containsExactly(10, Duration.ofSeconds(2), Path.of("./data").normalize()));
	}

	@Test
	void testModeGetsAPrivateInMemoryH2() {
		this.runner.run((first) -> this.runner.run((second) -> {
			String url = first.getBean(DatabaseUrl.class).jdbcUrl();
			assertThat(url).startsWith("jdbc:h2:mem:lookout-").endsWith(";DB_CLOSE_DELAY=-1" + H2_FLAGS);
			assertThat(second.getBean(DatabaseUrl.class).jdbcUrl()).isNotEqualTo(url);
			assertThat(selectOne(first.getBean(DataSource.class))).isEqualTo(1);
		}));
	}

	@Test
	void developmentKeepsAnH2FileInTheDataDirectory(@TempDir Path temp) {
		Path dataDir = temp.resolve("not/yet/there");
		this.runner.withPropertyValues("APP_ENV=development", "lookout.database.data-dir=" + dataDir).run((context) -> {
			assertThat(context.getBean(DatabaseUrl.class).jdbcUrl())
				.isEqualTo("jdbc:h2:file:" + dataDir.resolve("lookout") + H2_FLAGS);
			assertThat(selectOne(context.getBean(DataSource.class))).isEqualTo(1);
			assertThat(dataDir.resolve("lookout.mv.db")).exists();
		});
	}

	@Test
	void productionWithoutUrlRefusesToStart() {
		this.runner.withPropertyValues("APP_ENV=production").run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageStartingWith("DATABASE_URL is required in production"));
	}

	@Test
	void explicitUrlTakesCredentialsFromSettings() {
		this.runner
			.withPropertyValues("lookout.database.url=jdbc:h2:mem:explicit", "lookout.database.username=app",
					"lookout.database.password=secret")
			.run((context) -> {
				assertThat(context.getBean(DatabaseUrl.class))
					.isEqualTo(new DatabaseUrl("jdbc:h2:mem:explicit", "app", "secret"));
				assertThat(context.getBean(RequestPool.class).current().getUsername()).isEqualTo("app");
			});
	}

	@Test
	void invalidUrlFailsWithoutShowingThePassword() {
		this.runner.withPropertyValues("lookout.database.url=postgres://app:hunter2@db:99999/lookout")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.hasMessageStartingWith("DATABASE_URL has a port that is not a number from 1 to 65535");
				assertThat(stackTrace(context)).doesNotContain("hunter2");
			});
	}

	@Test
	void poolSizeOutOfRangeNamesTheRange() {
		this.runner.withPropertyValues("lookout.database.pool-size=0", "lookout.database.password=hunter2")
			.run((context) -> {
				assertThat(context).getFailure().rootCause().hasMessageContaining("must be between 1 and 200");
				assertThat(stackTrace(context)).doesNotContain("hunter2");
			});
	}

	@Test
	void poolWaitOutOfRangeNamesTheRange() {
		this.runner.withPropertyValues("lookout.database.pool-wait=100ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must be longer than or equal to 250 millis"));
		this.runner.withPropertyValues("lookout.database.pool-wait=31s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must be shorter than or equal to 30 seconds"));
	}

	@Test
	void requestPoolIsTheOnlyDataSourceAndFollowsTheSettings() {
		this.runner.withPropertyValues("lookout.database.pool-size=4", "lookout.database.pool-wait=750ms")
			.run((context) -> {
				assertThat(context).getBeans(DataSource.class).hasSize(1);
				HikariDataSource pool = context.getBean(RequestPool.class).current();
				assertThat(pool.getPoolName()).isEqualTo("lookout-request");
				assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
				assertThat(pool.getMinimumIdle()).isEqualTo(4);
				assertThat(pool.getConnectionTimeout()).isEqualTo(750);
				assertThat(pool.getValidationTimeout()).isEqualTo(750);
				// ApplicationName is a PostgreSQL driver property; H2 would reject it.
				assertThat(pool.getDataSourceProperties()).isEmpty();
			});
	}

	@Test
	void theShutdownRegistryNotTheContextClosesThePool() throws Exception {
		HikariDataSource[] pool = new HikariDataSource[1];
		this.runner.run((context) -> pool[0] = context.getBean(RequestPool.class).current());
		assertThat(pool[0].isClosed()).isFalse();
		assertThat(selectOne(pool[0])).isEqualTo(1);
		this.shutdowns.hook("request-pool", ShutdownOrder.REQUEST_POOL).run();
		assertThat(pool[0].isClosed()).isTrue();
	}

	private static int selectOne(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static String stackTrace(AssertableApplicationContext context) {
		StringWriter trace = new StringWriter();
		context.getStartupFailure().printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
