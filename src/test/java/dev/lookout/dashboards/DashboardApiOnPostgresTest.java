package dev.lookout.dashboards;

import dev.lookout.testsupport.TestPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dashboards API on a real PostgreSQL, the production database; a database of its own. */
class DashboardApiOnPostgresTest extends DashboardApiTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		// Created once here: the registry calls its suppliers on every lookup.
		String url = TestPostgres.get().createDatabase("dashboards_api").postgresUrl();
		registry.add("lookout.database.url", () -> url);
	}

}
