package dev.lookout.security;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of the guard: production with strong secrets and a real PostgreSQL starts,
 * guards {@code /metrics} with the token, and on SIGTERM releases every connection it held.
 */
class ProductionStartsWithStrongSecretsIT {

	private static final String KEY = "Hq3Zp8LmV1xR6nTb0WcK5yJf9DsG2uEa7oYiQvNrXkBl";

	private static final String METRICS_TOKEN = "m7Qx2Lp9Vr4Zt8Nb3Kc6Yh1Jd5Fs0GaW";

	@TempDir
	Path workDir;

	@Test
	void startsServesGuardedMetricsAndLeavesNoConnectionBehind() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("production_start");
		HttpClient http = HttpClient.newHttpClient();
		try (AppProcess app = AppProcess.start(this.workDir, Map.of("APP_ENV", "production", "SECRET_KEY", KEY,
				"METRICS_TOKEN", METRICS_TOKEN, "DATABASE_URL", database.postgresUrl()))) {
			app.awaitHttpOk("/health/ready", Duration.ofSeconds(90));

			HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(app.url("/metrics")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer"));
			assertThat(anonymous.body()).contains("\"code\":\"UNAUTHORIZED\"").doesNotContain(METRICS_TOKEN);

			HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(app.url("/metrics"))
				.header("Authorization", "Bearer " + METRICS_TOKEN.replace('m', 'n'))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(wrong.statusCode()).isEqualTo(401);

			HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(app.url("/metrics"))
				.header("Authorization", "Bearer " + METRICS_TOKEN)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).contains("hikaricp_connections_max{pool=\"lookout-request\"}");

			assertThat(connectionsOf(database)).isPositive();
			app.terminate(Duration.ofSeconds(30));
			assertThat(app.output()).contains("request-pool").doesNotContain(KEY).doesNotContain(METRICS_TOKEN);
		}
		assertThat(connectionsOf(database)).isZero();
	}

	private static int connectionsOf(TestPostgres.Database database) throws Exception {
		TestPostgres postgres = TestPostgres.get();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				ResultSet rows = connection.createStatement()
					.executeQuery("select count(*) from pg_stat_activity where application_name = 'lookout' and datname = '"
							+ database.name() + "'")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
