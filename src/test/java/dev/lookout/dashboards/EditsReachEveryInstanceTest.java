package dev.lookout.dashboards;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.lookout.LookoutApplication;
import dev.lookout.redis.RedisClients;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances on one application database and one Redis: an edit made on the first is served
 * by the other two within 2 s (the notice through Redis); with Redis stopped, so that the notice is
 * lost, within the version check's interval.
 */
class EditsReachEveryInstanceTest {

	private static final String REDIS = TestRedis.get().url() + "/8";

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(3);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void anEditOnOneInstanceIsServedByTheOthersThroughTheNoticeOrElseTheVersionCheck() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("three_instances_app");
		RedisClients.flushDatabase(REDIS);
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				instances.add(start(database));
			}
			DashboardService first = instances.get(0).getBean(DashboardService.class);
			Dashboard created = first.create(new DashboardRequest("shared", "Shared", "", null));
			awaitTitleEverywhere(instances, "Shared", Duration.ofSeconds(2));

			first.update("shared", new DashboardRequest("shared", "Renamed on A", "", created.version()));
			Duration noticed = awaitTitleEverywhere(instances, "Renamed on A", Duration.ofSeconds(2));
			System.out.println("Edit served by every instance after " + noticed.toMillis() + " ms (notice)");

			TestRedis.get().stop();
			try {
				first.update("shared", new DashboardRequest("shared", "Renamed without Redis", "",
						created.version() + 1));
				Duration checked = awaitTitleEverywhere(instances, "Renamed without Redis",
						CHECK_INTERVAL.plusSeconds(1));
				System.out.println("Edit served by every instance after " + checked.toMillis()
						+ " ms (version check, Redis stopped)");
			}
			finally {
				TestRedis.get().start();
			}
		}
		finally {
			instances.forEach(ConfigurableApplicationContext::close);
		}
	}

	/** Waits until every instance's dashboards API shows {@code title}; how long that took. */
	private Duration awaitTitleEverywhere(List<ConfigurableApplicationContext> instances, String title, Duration within) {
		long started = System.nanoTime();
		await().atMost(within).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			for (ConfigurableApplicationContext instance : instances) {
				HttpResponse<String> answer = this.http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + "/api/dashboards/shared"))
					.header("Accept", "application/json")
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(json.readTree(answer.body()).path("title").asString()).isEqualTo(title);
			}
		});
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static ConfigurableApplicationContext start(TestPostgres.Database database) {
		return new SpringApplicationBuilder(LookoutApplication.class).run("--server.port=0",
				"--lookout.database.url=" + database.postgresUrl(), "--lookout.redis.url=" + REDIS,
				"--lookout.definitions.check-interval=" + CHECK_INTERVAL.toSeconds() + "s", "--PUBLIC_DASHBOARDS=true");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
