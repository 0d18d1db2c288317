package dev.lookout.dashboards;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dashboard shared with a directory group only, over real HTTP against a real directory: to a
 * viewer outside the group and to anonymous readers (dashboards are public here) it does not exist
 * on any path (the list, the page, the API, results with and without values and as CSV, the stream, the
 * options of its variables, the editor's preview, its export as a file), while a member of the group and an admin see
 * it; nobody can share a dashboard so that they lose it themselves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true" })
@Import(RestrictedDashboardsAreInvisibleOutsideTheirGroupsTest.Database.class)
class RestrictedDashboardsAreInvisibleOutsideTheirGroupsTest implements UsesTheExampleDirectory {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String DATABASE = "restricted_dashboards";

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create(DATABASE,
				"CREATE TABLE salaries (team VARCHAR(20), total INT)",
				"INSERT INTO salaries VALUES ('data', 100), ('ops', 200)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void onlyMembersOfTheGroupAndAdminsSeeTheDashboardOnAnyPath() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "restricted", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		SessionClient ada = signedIn("ada", "ada-Pa55word");
		String token = ada.csrfToken(instance());
		assertThat(ada.post(instance(), "/api/dashboards", """
				{"slug": "salaries", "title": "Salaries", "variables": [{"name": "team", "type": "list",
				 "options": ["data", "ops"], "default": "data"}], "access": {"view": ["data-team"]}}""", token)
			.statusCode()).isEqualTo(201);
		HttpResponse<String> panel = ada.post(instance(), "/api/dashboards/salaries/panels", """
				{"title": "Total", "dataSourceId": %d, "sql": "SELECT SUM(total) AS total FROM salaries WHERE team = :team",
				 "visualization": "table", "refreshSeconds": 5}""".formatted(dataSource), token);
		assertThat(panel.statusCode()).as(panel.body()).isEqualTo(201);
		long panelId = json.readTree(panel.body()).get("id").asLong();
		assertThat(ada.post(instance(), "/api/dashboards", "{\"slug\": \"open\", \"title\": \"Open\"}", token)
			.statusCode()).isEqualTo(201);

		SessionClient vic = signedIn("vic", "vic-Pa55word");
		SessionClient anonymous = new SessionClient();
		for (SessionClient outsider : List.of(vic, anonymous)) {
			assertThat(slugs(outsider.get(instance(), "/api/dashboards"))).contains("open").doesNotContain("salaries");
			assertThat(outsider.get(instance(), "/api/dashboards/salaries").statusCode()).isEqualTo(404);
			assertThat(page(outsider, "/d/salaries").statusCode()).isEqualTo(404);
			assertThat(page(outsider, "/").body()).contains("Open").doesNotContain("Salaries");
			assertThat(outsider.get(instance(), "/api/panels/" + panelId + "/result").statusCode()).isEqualTo(404);
			assertThat(head(outsider, "/api/panels/" + panelId + "/result")).isEqualTo(404);
			assertThat(outsider.get(instance(), "/api/panels/" + panelId + "/result?team=ops").statusCode())
				.isEqualTo(404);
			assertThat(outsider.get(instance(), "/api/panels/" + panelId + "/result.csv").statusCode())
				.isEqualTo(404);
			assertThat(outsider.get(instance(), "/api/stream?dashboard=salaries").statusCode()).isEqualTo(404);
			assertThat(outsider.get(instance(), "/api/dashboards/salaries/export").statusCode()).isEqualTo(404);
			assertThat(outsider.get(instance(), "/api/dashboards/salaries/variables/team/options").statusCode())
				.isEqualTo(404);
		}
		// What an outsider gets for the restricted dashboard is what anyone gets for one that does not exist.
		assertThat(SessionClient.code(vic.get(instance(), "/api/dashboards/salaries")))
			.isEqualTo(SessionClient.code(vic.get(instance(), "/api/dashboards/no-such-dashboard")));

		SessionClient ed = signedIn("ed", "ed-Pa55word");
		for (SessionClient member : List.of(ed, ada)) {
			assertThat(slugs(member.get(instance(), "/api/dashboards"))).contains("open", "salaries");
			assertThat(page(member, "/d/salaries").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				HttpResponse<String> result = member.get(instance(), "/api/panels/" + panelId + "/result?team=ops");
				assertThat(result.statusCode()).isEqualTo(200);
				assertThat(json.readTree(result.body()).path("rows").toString()).isEqualTo("[[200]]");
			});
			assertThat(member.get(instance(), "/api/dashboards/salaries/variables/team/options").statusCode())
				.isEqualTo(200);
			assertThat(member.get(instance(), "/api/dashboards/salaries/export").body()).contains("slug: salaries");
		}
		HttpResponse<String> preview = ed.post(instance(), "/api/dashboards/salaries/preview", """
				{"dataSourceId": %d, "sql": "SELECT :team AS team", "values": {"team": ["ops"]}}""".formatted(dataSource),
				ed.csrfToken(instance()));
		assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
	}

	@Test
	void nobodySharesADashboardSoThatTheyLoseItThemselves() throws Exception {
		SessionClient ed = signedIn("ed", "ed-Pa55word");
		String token = ed.csrfToken(instance());
		HttpResponse<String> lockedOut = ed.post(instance(), "/api/dashboards",
				"{\"slug\": \"lockout\", \"title\": \"Lockout\", \"access\": {\"view\": [\"payroll\"]}}", token);
		assertThat(lockedOut.statusCode()).isEqualTo(400);
		assertThat(json.readTree(lockedOut.body()).path("detail").asString()).contains("access:");
		assertThat(ed.post(instance(), "/api/dashboards",
				"{\"slug\": \"mine\", \"title\": \"Mine\", \"access\": {\"view\": [\"data-team\"], \"edit\": [\"data-team\"]}}",
				token)
			.statusCode()).isEqualTo(201);
	}

	private List<String> slugs(HttpResponse<String> list) {
		assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
		List<String> slugs = new ArrayList<>();
		for (JsonNode dashboard : json.readTree(list.body())) {
			slugs.add(dashboard.get("slug").asString());
		}
		return slugs;
	}

	private HttpResponse<String> page(SessionClient client, String path) throws Exception {
		return client.exchange(client.request(instance(), path, "text/html").GET());
	}

	private int head(SessionClient client, String path) throws Exception {
		return client.exchange(client.request(instance(), path, "application/json")
			.method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode();
	}

	private SessionClient signedIn(String user, String password) throws Exception {
		SessionClient client = new SessionClient();
		HttpResponse<String> signIn = client.signIn(instance(), user, password);
		assertThat(signIn.statusCode()).as(signIn.body()).isLessThan(400);
		return client;
	}

	private URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	static class Database {

		@Bean
		EmbeddedDataSource restrictedDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

	}

}
