package dev.lookout.dashboards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.lookout.datasource.DataSourceCatalog;
import dev.lookout.datasource.DataSourceSummary;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Stand-in for the datasource module until the branches merge: a catalog over the test-only
 * {@code data_source} table of {@code db/testmigration}. Delete both at merge, and let
 * {@link #add} create a source through the real module.
 */
@TestConfiguration(proxyBeanMethods = false)
class DataSourceStub {

	/** Where the test-only table comes from, after the real migrations. */
	static final String FLYWAY_LOCATIONS = "spring.flyway.locations=classpath:db/migration,classpath:db/testmigration";

	@Bean
	@Primary
	DataSourceCatalog stubDataSourceCatalog(JdbcClient jdbc) {
		return new DataSourceCatalog() {

			@Override
			public List<DataSourceSummary> all() {
				return jdbc.sql("SELECT id, name FROM data_source ORDER BY id").query(DataSourceStub::summary).list();
			}

			@Override
			public Optional<DataSourceSummary> find(long id) {
				return jdbc.sql("SELECT id, name FROM data_source WHERE id = ?").param(id)
					.query(DataSourceStub::summary)
					.optional();
			}

		};
	}

	/** A new data source; its id. */
	static long add(JdbcClient jdbc, String name) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		jdbc.sql("INSERT INTO data_source (name) VALUES (?)").param(name).update(key, "id");
		return key.getKeyAs(Long.class);
	}

	private static DataSourceSummary summary(ResultSet rs, int row) throws SQLException {
		return new DataSourceSummary(rs.getLong("id"), rs.getString("name"), "h2", 2, Duration.ofSeconds(5), 1000);
	}

}
