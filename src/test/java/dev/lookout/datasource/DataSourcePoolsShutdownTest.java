package dev.lookout.datasource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.lookout.lifecycle.HookStatus;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownReport;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The shutdown registry closes every data-source pool: no connection and no pool thread stays. */
@SpringBootTest
@DirtiesContext
class DataSourcePoolsShutdownTest {

	@Autowired
	DataSources dataSources;

	@Autowired
	Queries queries;

	@Autowired
	ManagedResources resources;

	@Test
	void shutdownClosesEveryPoolAndOpensNoNewOne() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("ds_shutdown");
		Set<Thread> before = poolThreads();
		long first = this.dataSources.create(Fixtures.postgres("first", database, 2, 5000, 10)).source().id();
		long second = this.dataSources.create(Fixtures.postgres("second", database, 3, 5000, 10)).source().id();
		this.queries.run(first, "SELECT 1", QueryPurpose.PREVIEW);
		this.queries.run(second, "SELECT 1", QueryPurpose.REFRESH);
		assertThat(Fixtures.lookoutSessions(database.name())).isPositive();
		Set<Thread> ours = new HashSet<>(poolThreads());
		ours.removeAll(before);
		assertThat(ours).isNotEmpty();

		ShutdownReport report = this.resources.shutdown("test");
		assertThat(report.outcomes()).filteredOn((outcome) -> outcome.name().equals("datasource-pools"))
			.singleElement()
			.satisfies((outcome) -> assertThat(outcome.status()).isEqualTo(HookStatus.OK));
		await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.lookoutSessions(database.name()) == 0);
		await().atMost(Duration.ofSeconds(5)).until(() -> ours.stream().noneMatch(Thread::isAlive));

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.queries.run(first, "SELECT 1", QueryPurpose.PREVIEW))
			.matches((ex) -> ex.code() == ErrorCode.SERVICE_UNAVAILABLE)
			.withMessageContaining("shutting down");
	}

	/**
	 * Threads of data-source pools, which Hikari names after the pool ({@code lookout-ds-<id> housekeeper}
	 * and the like); other test contexts of this JVM may have pools of the same names.
	 */
	private static Set<Thread> poolThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("lookout-ds-"))
			.collect(Collectors.toSet());
	}

}
