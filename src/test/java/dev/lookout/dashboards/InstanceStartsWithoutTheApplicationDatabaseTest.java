package dev.lookout.dashboards;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.lookout.LookoutApplication;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance that starts while the application database is frozen (SIGSTOP of the real
 * PostgreSQL): with Redis it serves the dashboards from the snapshot an earlier instance left
 * there, ready and read-only, and says so in its health; once the database answers it migrates,
 * reads the definitions from it, and takes changes again. Without Redis it is not ready until then.
 */
class InstanceStartsWithoutTheApplicationDatabaseTest {

	/** A logical database of its own: the snapshot key is one per deployment, and other tests' contexts share the server. */
	private static final String REDIS = TestRedis.get().url() + "/7";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final TestPostgres postgres = TestPostgres.get();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void withRedisItServesTheSnapshotAnEarlierInstanceLeftThenTheDatabaseOnceItAnswers() throws Exception {
		TestPostgres.Database database = this.postgres.createDatabase("snapshot_app");
		RedisClients.flushDatabase(REDIS);
		try (ConfigurableApplicationContext earlier = start(database, REDIS)) {
			long source = earlier.getBean(DataSourceProvisioning.class)
				.ensure(new ProvisionedDataSource("snapshot-source", database.jdbcUrl(), this.postgres.username(),
						this.postgres.password(), 1, Duration.ofSeconds(1), 10));
			earlier.getBean(DashboardProvisioning.class)
				.ensure(new ProvisionedDashboard("kept", "Kept in Redis", "", List.of(), null, List.of(new ProvisionedDashboard.Panel(
						"One", source, "SELECT 1 AS n", "stat", null, null, "n", null, 60))));
			long version = earlier.getBean(Definitions.class).version();
			await().atMost(Duration.ofSeconds(10)).until(() -> snapshotVersion() >= version);
		}
		this.postgres.pause();
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			ConfigurableApplicationContext instance = start(database, REDIS);
			started.add(instance);
			int port = port(instance);
			assertThat(status(port, "/health/ready")).isEqualTo(200);
			JsonNode definitions = definitionsHealth(port);
			assertThat(definitions.path("status").asString()).isEqualTo("UP");
			assertThat(definitions.path("details").path("source").asString()).isEqualTo("redis");
			JsonNode dashboard = json.readTree(body(port, "/api/dashboards/kept", "application/json"));
			assertThat(dashboard.path("title").asString()).isEqualTo("Kept in Redis");
			assertThat(dashboard.path("readOnly").asBoolean()).isTrue();
			assertThat(dashboard.path("panels")).hasSize(1);
			assertThat(body(port, "/d/kept", "text/html")).contains("Kept in Redis", "read-only-banner",
					"Changes cannot be saved right");
		}
		finally {
			this.postgres.resume();
		}
		try {
			int port = port(started.get(0));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(definitionsHealth(port).path("details").path("source").asString())
					.isEqualTo("database"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					json.readTree(body(port, "/api/dashboards/kept", "application/json")).path("readOnly").asBoolean())
				.isFalse());
		}
		finally {
			started.forEach(ConfigurableApplicationContext::close);
		}
	}

	@Test
	void withoutRedisItIsNotReadyUntilTheDatabaseAnswers() throws Exception {
		TestPostgres.Database database = this.postgres.createDatabase("no_snapshot_app");
		this.postgres.pause();
		ConfigurableApplicationContext instance = null;
		try {
			instance = start(database, null);
			int port = port(instance);
			assertThat(status(port, "/health/ready")).isEqualTo(503);
			assertThat(definitionsHealth(port).path("status").asString()).isEqualTo("OUT_OF_SERVICE");
			HttpResponse<String> list = get(port, "/api/dashboards", "application/json");
			assertThat(list.statusCode()).isEqualTo(503);
			assertThat(json.readTree(list.body()).path("code").asString()).isEqualTo("APP_DATABASE_UNAVAILABLE");
		}
		finally {
			this.postgres.resume();
		}
		try {
			int port = port(instance);
			await().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/health/ready") == 200);
			assertThat(definitionsHealth(port).path("details").path("source").asString()).isEqualTo("database");
		}
		finally {
			instance.close();
		}
	}

	/** Arguments, not default properties: they must outrank application.yaml. */
	private static ConfigurableApplicationContext start(TestPostgres.Database database, String redis) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--lookout.database.url=" + database.postgresUrl(),
				"--lookout.database.pool-wait=1s", "--lookout.definitions.check-interval=1s", "--PUBLIC_DASHBOARDS=true",
				"--management.endpoint.health.show-details=always"));
		if (redis != null) {
			arguments.add("--lookout.redis.url=" + redis);
		}
		return new SpringApplicationBuilder(LookoutApplication.class).run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/** The component as {@code /health} shows it, whether the whole is 200 or, while not ready, 503. */
	private JsonNode definitionsHealth(int port) throws Exception {
		return json.readTree(get(port, "/health", "application/json").body()).path("components").path("definitions");
	}

	private int status(int port, String path) throws Exception {
		return get(port, path, "application/json").statusCode();
	}

	private String body(int port, String path, String accept) throws Exception {
		HttpResponse<String> answer = get(port, path, accept);
		assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
		return answer.body();
	}

	private HttpResponse<String> get(int port, String path, String accept) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static long snapshotVersion() throws Exception {
		SharedRedis redis = RedisClients.connected(REDIS);
		try {
			byte[] version = redis.commands()
				.orElseThrow()
				.hget(RedisDefinitionsShare.KEY.getBytes(StandardCharsets.US_ASCII),
						"version".getBytes(StandardCharsets.US_ASCII))
				.get();
			return (version != null) ? Long.parseLong(new String(version, StandardCharsets.US_ASCII)) : 0;
		}
		finally {
			RedisClients.close(redis);
		}
	}

}
