package dev.lookout.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.List;

import javax.sql.DataSource;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrations run, through the application's own pool, on both databases Lookout supports. */
class MigrationsTest {

	private final RecordedShutdowns shutdowns = new RecordedShutdowns();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
		.withUserConfiguration(DatabaseConfiguration.class)
		.withBean(ManagedResources.class, this.shutdowns::registry)
		.withPropertyValues("APP_ENV=test");

	@AfterEach
	void disposePools() throws Exception {
		this.shutdowns.runAll();
	}

	@Test
	void runOnPostgres() {
		String url = TestPostgres.get().createDatabase("migrations").postgresUrl();
		this.runner.withPropertyValues("lookout.database.url=" + url).run((context) -> {
			assertThat(context.getBean(DatabaseUrl.class).isPostgres()).isTrue();
			assertMigrated(context.getBean(DataSource.class));
		});
	}

	@Test
	void runOnH2() {
		this.runner.run((context) -> {
			assertThat(context.getBean(DatabaseUrl.class).jdbcUrl()).startsWith("jdbc:h2:mem:");
			assertMigrated(context.getBean(DataSource.class));
		});
	}

	/** The versions of every migration file shipped, in order: all of them must have run. */
	private static List<String> migrationVersions() throws IOException {
		return Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql"))
			.map((resource) -> resource.getFilename().substring(1, resource.getFilename().indexOf("__")))
			.sorted(Comparator.comparing(Integer::valueOf))
			.toList();
	}

	private static void assertMigrated(DataSource dataSource) throws SQLException, IOException {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		// Versioned rows only: on H2, Flyway also records a marker row for creating its table.
		assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history"
				+ " WHERE success AND version IS NOT NULL ORDER BY installed_rank", String.class))
			.containsExactlyElementsOf(migrationVersions());
		assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns"
				+ " WHERE table_name = 'audit_log' ORDER BY ordinal_position", String.class))
			.containsExactly("id", "occurred_at", "actor", "action", "subject_type", "subject_id", "details");
		assertThat(occurredAtIndexes(dataSource)).containsExactlyInAnyOrder("audit_log_occurred_at_idx",
				"audit_log_actor_idx", "audit_log_subject_idx");

		OffsetDateTime occurredAt = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));
		String details = "{\"panel\": 7, \"note\": \"" + "x".repeat(5000) + "\"}";
		jdbc.update("INSERT INTO audit_log (occurred_at, actor, action, subject_type, subject_id, details)"
				+ " VALUES (?, ?, ?, ?, ?, ?)", occurredAt, "alice", "panel.update", "panel", "7", details);
		jdbc.update("INSERT INTO audit_log (occurred_at, action) VALUES (?, ?)", occurredAt.plusHours(1), "login");
		assertThat(jdbc.queryForList("SELECT id FROM audit_log ORDER BY id", Long.class)).containsExactly(1L, 2L);
		assertThat(jdbc.queryForObject("SELECT occurred_at FROM audit_log WHERE id = 1", OffsetDateTime.class))
			.isAtSameInstantAs(occurredAt);
		assertThat(jdbc.queryForObject("SELECT details FROM audit_log WHERE id = 1", String.class)).isEqualTo(details);
	}

	private static List<String> occurredAtIndexes(DataSource dataSource) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, "audit_log", false, false)) {
			while (indexes.next()) {
				if ("occurred_at".equals(indexes.getString("COLUMN_NAME"))) {
					names.add(indexes.getString("INDEX_NAME"));
				}
			}
		}
		return names;
	}

}
