package dev.lookout.health;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.Panels;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shared dependency down makes the instance {@code DEGRADED} (200) and never takes readiness
 * away; only states of the instance itself answer 503: not ready ({@code OUT_OF_SERVICE}) or
 * wedged ({@code DOWN}).
 */
class HealthIsDegradedNotDownWhileDependenciesFailTest extends RunningInstance {

	private static final Duration RECOVERY = Duration.ofSeconds(15);

	@Autowired
	ApplicationContext context;

	@Autowired
	DataSourceProvisioning dataSources;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Panels panels;

	@Test
	void databaseStoppedIsReportedDownWhileTheInstanceStaysReadyAndServesStaleData() throws Exception {
		String panel = provisionPanel();
		await().atMost(RECOVERY).until(() -> health().details("cache").path("panels").path(panel).has("ageSeconds"));
		TestPostgres.get().stop();
		try {
			await().atMost(RECOVERY).until(() -> health().statusOf("database").equals("DOWN"));
			Probe health = health();
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.overall()).isEqualTo("DEGRADED");
			assertThat(health.details("database").path("error").asString()).isNotBlank();
			assertThat(probe("/health/ready").status()).isEqualTo(200);
			assertThat(probe("/health/live").status()).isEqualTo(200);
			// The panel's next refresh fails: its last good result stays, labelled stale.
			await().atMost(RECOVERY)
				.until(() -> health().details("cache").path("panels").path(panel).path("stale").asBoolean());
			assertThat(health().statusOf("cache")).isEqualTo("DEGRADED");
		}
		finally {
			TestPostgres.get().start();
		}
		await().atMost(RECOVERY).until(() -> health().statusOf("database").equals("UP"));
	}

	@Test
	void databasePausedIsReportedDownWithinTheHealthTimeout() throws Exception {
		await().atMost(RECOVERY).until(() -> health().statusOf("database").equals("UP"));
		TestPostgres.get().pause();
		try {
			// Each probe answers within the timeout (1 s) plus the time to answer, hung database or not.
			await().atMost(RECOVERY).until(() -> {
				Probe probe = health();
				assertThat(probe.nanos()).isLessThan(Duration.ofMillis(1_500).toNanos());
				return probe.statusOf("database").equals("DOWN");
			});
			Probe health = health();
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.overall()).isEqualTo("DEGRADED");
			assertThat(probe("/health/ready").status()).isEqualTo(200);
		}
		finally {
			TestPostgres.get().resume();
		}
		await().atMost(RECOVERY).until(() -> health().statusOf("database").equals("UP"));
	}

	@Test
	void redisStoppedIsReportedDownWhileTheInstanceStaysReady() throws Exception {
		await().atMost(RECOVERY).until(() -> health().statusOf("redis").equals("UP"));
		TestRedis.get().stop();
		try {
			await().atMost(RECOVERY).until(() -> health().statusOf("redis").equals("DOWN"));
			Probe health = health();
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.overall()).isEqualTo("DEGRADED");
			assertThat(probe("/health/ready").status()).isEqualTo(200);
		}
		finally {
			TestRedis.get().start();
		}
		await().atMost(RECOVERY).until(() -> health().statusOf("redis").equals("UP"));
	}

	@Test
	void directoryStoppedIsReportedDownWhileDashboardsAreStillServed() throws Exception {
		String panel = provisionPanel();
		await().atMost(RECOVERY).until(() -> health().statusOf("directory").equals("UP"));
		DIRECTORY.stop();
		try {
			await().atMost(RECOVERY).until(() -> health().statusOf("directory").equals("DOWN"));
			Probe health = health();
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.overall()).isEqualTo("DEGRADED");
			assertThat(health.details("directory").path("url").asString()).isEqualTo(DIRECTORY.url());
			assertThat(health.details("directory").path("error").asString()).isNotBlank();
			assertThat(probe("/health/ready").status()).isEqualTo(200);
			assertThat(probe("/api/panels/" + panel + "/result").status()).isEqualTo(200);
			assertThat(page("/d/health")).isEqualTo(200);
		}
		finally {
			DIRECTORY.start();
		}
		await().atMost(RECOVERY).until(() -> health().statusOf("directory").equals("UP"));
	}

	@Test
	void notReadyIsOutOfServiceAndWedgedIsDown() throws Exception {
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			Probe health = health();
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.overall()).isEqualTo("OUT_OF_SERVICE");
			assertThat(probe("/health/ready").status()).isEqualTo(503);
			assertThat(probe("/health/live").status()).isEqualTo(200);
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
		try {
			Probe health = health();
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.overall()).isEqualTo("DOWN");
			assertThat(probe("/health/live").status()).isEqualTo(503);
			assertThat(probe("/health/live").overall()).isEqualTo("DOWN");
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, LivenessState.CORRECT);
		}
		assertThat(health().status()).isEqualTo(200);
	}

	/** A panel on the test PostgreSQL, so that stopping the server makes its refresh fail. */
	private String provisionPanel() {
		TestPostgres postgres = TestPostgres.get();
		long source = this.dataSources.ensure(new ProvisionedDataSource("health-source", DATABASE.jdbcUrl(),
				postgres.username(), postgres.password(), 1, Duration.ofSeconds(2), 10));
		this.dashboards.ensure(new ProvisionedDashboard("health", "Health", "", List.of(), null, List.of(new ProvisionedDashboard.Panel(
				"One", source, "SELECT 1 AS one", "stat", null, null, "one", null, 5))));
		return String.valueOf(this.panels.all()
			.stream()
			.filter((spec) -> spec.dashboardSlug().equals("health"))
			.findFirst()
			.orElseThrow()
			.id());
	}

	private int page(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(url(path)).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
