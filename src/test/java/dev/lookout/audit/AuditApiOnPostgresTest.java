package dev.lookout.audit;

import dev.lookout.testsupport.TestPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit log's API and page on a real PostgreSQL, the production database; a database of its own. */
class AuditApiOnPostgresTest extends AuditApiFiltersAndPagesTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		// Created once here: the registry calls its suppliers on every lookup.
		String url = TestPostgres.get().createDatabase("audit_api").postgresUrl();
		registry.add("lookout.database.url", () -> url);
	}

}
