package dev.lookout.security.guard;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.TestDirectory;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of the guard: production with strong secrets, a real PostgreSQL and a real
 * directory (its bind password in a file) starts, signs a user in over a Secure session cookie,
 * guards {@code /metrics} with the token, and on SIGTERM releases every connection it held.
 */
class ProductionStartsWithStrongSecretsIT {

	private static final String KEY = "Hq3Zp8LmV1xR6nTb0WcK5yJf9DsG2uEa7oYiQvNrXkBl";

	private static final String METRICS_TOKEN = "m7Qx2Lp9Vr4Zt8Nb3Kc6Yh1Jd5Fs0GaW";

	private static final String BIND_PASSWORD = "service-Pa55word";

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@TempDir
	Path workDir;

	@Test
	void startsSignsInServesGuardedMetricsAndLeavesNoConnectionBehind() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("production_start");
		HttpClient http = HttpClient.newHttpClient();
		Path bindPassword = Files.writeString(this.workDir.resolve("ldap-bind-password"), BIND_PASSWORD + "\n");
		try (TestDirectory directory = TestDirectory.start("dc=example,dc=com", "directory/example.ldif", true);
				AppProcess app = AppProcess.start(this.workDir, Map.of("APP_ENV", "production", "SECRET_KEY", KEY,
						"METRICS_TOKEN", METRICS_TOKEN, "DATABASE_URL", database.postgresUrl(), "LDAP_URL",
						directory.url(), "LDAP_BIND_DN", "cn=lookout,ou=services,dc=example,dc=com",
						"LDAP_BIND_PASSWORD_FILE", bindPassword.toString()))) {
			app.awaitHttpOk("/health/ready", Duration.ofSeconds(90));

			HttpResponse<String> form = http.send(
					HttpRequest.newBuilder(app.url("/login")).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
			String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
			assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Lax");
			Matcher token = CSRF_FIELD.matcher(form.body());
			assertThat(token.find()).isTrue();
			HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(app.url("/login"))
				.header("Accept", "application/json")
				.header("Cookie", cookie.substring(0, cookie.indexOf(';')))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("username=ada&password=ada-Pa55word&_csrf="
						+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
			assertThat(signIn.body()).contains("\"ADMIN\"");

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
			assertThat(app.output()).contains("request-pool")
				.doesNotContain(KEY)
				.doesNotContain(METRICS_TOKEN)
				.doesNotContain(BIND_PASSWORD);
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
