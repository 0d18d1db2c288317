package dev.lookout.alerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;

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
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/alerts} over real HTTP against a real directory: sign-in needed even with public
 * dashboards; viewers read, editors change; a session's change needs the CSRF token, a bearer
 * token's does not; every invalid field is named; stale versions conflict; a rule on a dashboard
 * the user may not see does not exist for them, and one on a dashboard they may see but not change
 * is not theirs to change (only to silence); silence and the page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true" })
class AlertsApiTest implements UsesTheExampleDirectory {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String DATABASE = "alerts_api";

	private static Connection source;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create(DATABASE,
				"CREATE TABLE IF NOT EXISTS totals (team VARCHAR(20), total INT)",
				"INSERT INTO totals VALUES ('data', 100), ('ops', 200)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void rulesFollowTheApisCsrfTokenAndVisibilityRules() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "alerts-api", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		SessionClient ada = SessionClient.signedIn(instance(), "ada");
		String adaCsrf = ada.csrfToken(instance());
		assertThat(ada.post(instance(), "/api/dashboards", """
				{"slug": "alerts-open", "title": "Open", "variables": [{"name": "team", "type": "list",
				 "options": ["data", "ops"], "default": "data"}]}""", adaCsrf).statusCode()).isEqualTo(201);
		long open = panel(ada, adaCsrf, "alerts-open", dataSource,
				"SELECT SUM(total) AS total FROM totals WHERE team = :team");
		assertThat(ada.post(instance(), "/api/dashboards",
				"{\"slug\": \"alerts-payroll\", \"title\": \"Payroll\", \"access\": {\"view\": [\"payroll\"]}}",
				adaCsrf).statusCode()).isEqualTo(201);
		long payroll = panel(ada, adaCsrf, "alerts-payroll", dataSource, "SELECT SUM(total) AS total FROM totals");

		// Sign-in is needed to read alerts, public dashboards or not.
		SessionClient anonymous = new SessionClient();
		assertThat(anonymous.get(instance(), "/api/alerts").statusCode()).isEqualTo(401);

		SessionClient ed = SessionClient.signedIn(instance(), "ed");
		String rule = rule("Ops total high", open, "{\"team\": [\"ops\"]}");
		HttpResponse<String> withoutCsrf = ed.post(instance(), "/api/alerts", rule, null);
		assertThat(withoutCsrf.statusCode()).isEqualTo(403);
		assertThat(SessionClient.code(withoutCsrf)).isEqualTo("CSRF_TOKEN_MISSING");
		HttpResponse<String> created = ed.post(instance(), "/api/alerts", rule, ed.csrfToken(instance()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode ops = json.readTree(created.body());
		assertThat(ops.path("state").asString()).isEqualTo("OK");
		assertThat(ops.path("version").asLong()).isEqualTo(1);
		assertThat(ops.path("dashboardSlug").asString()).isEqualTo("alerts-open");
		assertThat(created.headers().firstValue("Location")).hasValue("/api/alerts/" + ops.path("id").asLong());

		// A bearer token without a cookie needs no CSRF token; a viewer's token may read but not change.
		String editorToken = token(ed, "EDITOR");
		HttpResponse<String> byToken = bearer(editorToken, "POST", "/api/alerts", rule("By token", open, "{}"));
		assertThat(byToken.statusCode()).as(byToken.body()).isEqualTo(201);
		SessionClient vic = SessionClient.signedIn(instance(), "vic");
		String viewerToken = token(vic, "VIEWER");
		assertThat(bearer(viewerToken, "POST", "/api/alerts", rule("Viewer", open, "{}")).statusCode()).isEqualTo(403);
		HttpResponse<String> listed = bearer(viewerToken, "GET", "/api/alerts?dashboard=alerts-open", null);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(json.readTree(listed.body()).findValuesAsString("name")).contains("Ops total high", "By token");

		// Every invalid field is named.
		HttpResponse<String> invalid = bearer(editorToken, "POST", "/api/alerts", """
				{"name": "", "panelId": %d, "view": {"team": ["nobody"]}, "condition": {"type": "VALUE", "op": "~"},
				 "forSeconds": 90000, "onNoData": "MAYBE"}""".formatted(open));
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(SessionClient.code(invalid)).isEqualTo("VALIDATION_FAILED");
		assertThat(json.readTree(invalid.body()).path("detail").asString()).contains("name:", "view.team:",
				"condition.column:", "condition.op:", "condition.threshold:", "forSeconds:", "onNoData:");

		// A rule on a dashboard the user may not see does not exist for them.
		HttpResponse<String> secret = ada.post(instance(), "/api/alerts", rule("Payroll total", payroll, "{}"), adaCsrf);
		assertThat(secret.statusCode()).as(secret.body()).isEqualTo(201);
		long secretId = json.readTree(secret.body()).path("id").asLong();
		assertThat(ed.get(instance(), "/api/alerts/" + secretId).statusCode()).isEqualTo(404);
		assertThat(vic.get(instance(), "/api/alerts").body()).doesNotContain("Payroll total");
		assertThat(ada.get(instance(), "/api/alerts").body()).contains("Payroll total");
		assertThat(bearer(editorToken, "POST", "/api/alerts", rule("Sneaky", payroll, "{}")).body())
			.contains("panelId: there is no panel");
		assertThat(bearer(editorToken, "DELETE", "/api/alerts/" + secretId + "?version=1", null).statusCode())
			.isEqualTo(404);

		// A rule belongs to its dashboard's upkeep: an editor who may see a dashboard but not change it
		// may not create, change or delete its rules; silencing stays open to them.
		assertThat(ada.post(instance(), "/api/dashboards",
				"{\"slug\": \"alerts-kept\", \"title\": \"Kept\", \"access\": {\"edit\": [\"payroll\"]}}",
				adaCsrf).statusCode()).isEqualTo(201);
		long kept = panel(ada, adaCsrf, "alerts-kept", dataSource, "SELECT SUM(total) AS total FROM totals");
		HttpResponse<String> notTheirs = bearer(editorToken, "POST", "/api/alerts", rule("Kept total", kept, "{}"));
		assertThat(notTheirs.statusCode()).as(notTheirs.body()).isEqualTo(403);
		assertThat(SessionClient.code(notTheirs)).isEqualTo("FORBIDDEN");
		HttpResponse<String> keptRule = ada.post(instance(), "/api/alerts", rule("Kept total", kept, "{}"), adaCsrf);
		assertThat(keptRule.statusCode()).as(keptRule.body()).isEqualTo(201);
		long keptId = json.readTree(keptRule.body()).path("id").asLong();
		assertThat(bearer(editorToken, "PUT", "/api/alerts/" + keptId,
				rule("Kept, renamed", kept, "{}").replace("}}", "}, \"version\": 1}")).statusCode()).isEqualTo(403);
		assertThat(bearer(editorToken, "DELETE", "/api/alerts/" + keptId + "?version=1", null).statusCode())
			.isEqualTo(403);
		assertThat(bearer(editorToken, "POST", "/api/alerts/" + keptId + "/silence", "{\"minutes\": 5}").statusCode())
			.isEqualTo(200);

		// Optimistic locking.
		long id = ops.path("id").asLong();
		HttpResponse<String> changed = bearer(editorToken, "PUT", "/api/alerts/" + id,
				rule("Ops total very high", open, "{\"team\": [\"ops\"]}").replace("}}", "}, \"version\": 1}"));
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		assertThat(json.readTree(changed.body()).path("version").asLong()).isEqualTo(2);
		HttpResponse<String> stale = bearer(editorToken, "PUT", "/api/alerts/" + id,
				rule("Ops total", open, "{}").replace("}}", "}, \"version\": 1}"));
		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(SessionClient.code(stale)).isEqualTo("EDIT_CONFLICT");

		// Silence, then not.
		HttpResponse<String> silenced = bearer(editorToken, "POST", "/api/alerts/" + id + "/silence", "{\"minutes\": 60}");
		assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(200);
		assertThat(json.readTree(silenced.body()).path("silenced").asBoolean()).isTrue();
		assertThat(bearer(editorToken, "POST", "/api/alerts/" + id + "/silence", "{}").statusCode()).isEqualTo(400);
		HttpResponse<String> unsilenced = bearer(editorToken, "DELETE", "/api/alerts/" + id + "/silence", null);
		assertThat(json.readTree(unsilenced.body()).path("silenced").asBoolean()).isFalse();

		// The page, for a viewer: rules and states, no silence form.
		HttpResponse<String> page = vic.exchange(vic.request(instance(), "/alerts", "text/html").GET());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Ops total very high", "alert-state", "Last transitions").doesNotContain("Payroll total", "Silence for");
		HttpResponse<String> edPage = ed.exchange(ed.request(instance(), "/alerts", "text/html").GET());
		assertThat(edPage.body()).contains("Silence for");

		assertThat(bearer(editorToken, "DELETE", "/api/alerts/" + id + "?version=1", null).statusCode()).isEqualTo(409);
		assertThat(bearer(editorToken, "DELETE", "/api/alerts/" + id + "?version=2", null).statusCode()).isEqualTo(204);
		assertThat(bearer(editorToken, "GET", "/api/alerts/" + id, null).statusCode()).isEqualTo(404);
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action LIKE 'alert.%'").query(Long.class).single())
			.isGreaterThanOrEqualTo(6);
	}

	@Test
	void aRuleNamesOnlyChannelsThatExistAndAChannelARuleNamesIsNotDeleted() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "alerts-channels", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		SessionClient ada = SessionClient.signedIn(instance(), "ada");
		String csrf = ada.csrfToken(instance());
		assertThat(ada.post(instance(), "/api/dashboards", "{\"slug\": \"alerts-channels\", \"title\": \"Channels\"}", csrf)
			.statusCode()).isEqualTo(201);
		long panel = panel(ada, csrf, "alerts-channels", dataSource, "SELECT SUM(total) AS total FROM totals");
		HttpResponse<String> channel = ada.post(instance(), "/api/alert-channels",
				"{\"name\": \"On-call hook\", \"type\": \"WEBHOOK\", \"url\": \"http://127.0.0.1:9/hook\"}", csrf);
		assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
		long channelId = json.readTree(channel.body()).path("channel").path("id").asLong();
		long missing = channelId + 1000;

		HttpResponse<String> namingAMissingOne = ada.post(instance(), "/api/alerts",
				withChannels(rule("Total high", panel, "{}"), channelId, missing), csrf);
		assertThat(namingAMissingOne.statusCode()).as(namingAMissingOne.body()).isEqualTo(400);
		assertThat(SessionClient.code(namingAMissingOne)).isEqualTo("VALIDATION_FAILED");
		assertThat(json.readTree(namingAMissingOne.body()).path("detail").asString())
			.contains("channelIds: names no channel: " + missing).doesNotContain(String.valueOf(channelId) + ",");
		HttpResponse<String> created = ada.post(instance(), "/api/alerts",
				withChannels(rule("Total high", panel, "{}"), channelId), csrf);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long ruleId = json.readTree(created.body()).path("id").asLong();

		// Deleting the channel the rule names is refused, naming the rule; the channel stays.
		HttpResponse<String> refused = ada.send(instance(), "DELETE", "/api/alert-channels/" + channelId + "?version=0",
				null, csrf);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(SessionClient.code(refused)).isEqualTo("CONFLICT");
		assertThat(json.readTree(refused.body()).path("detail").asString()).contains("'On-call hook'", "'Total high'");
		assertThat(ada.get(instance(), "/api/alert-channels/" + channelId).statusCode()).isEqualTo(200);

		// Once the rule no longer names it, it goes.
		HttpResponse<String> changed = ada.send(instance(), "PUT", "/api/alerts/" + ruleId,
				rule("Total high", panel, "{}").replace("}}", "}, \"channelIds\": [], \"version\": 1}"),
				csrf);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		HttpResponse<String> deleted = ada.send(instance(), "DELETE", "/api/alert-channels/" + channelId + "?version=0",
				null, csrf);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
	}

	private static String withChannels(String rule, long... channelIds) {
		return rule.replace("}}", "}, \"channelIds\": " + java.util.Arrays.toString(channelIds) + "}");
	}

	private static String rule(String name, long panel, String view) {
		return """
				{"name": "%s", "panelId": %d, "view": %s, "forSeconds": 60, "resolveAfterSeconds": 120,
				 "condition": {"type": "VALUE", "column": "total", "op": ">", "threshold": 150}}""".formatted(name, panel,
				view);
	}

	private long panel(SessionClient client, String csrf, String slug, long dataSource, String sql) throws Exception {
		HttpResponse<String> panel = client.post(instance(), "/api/dashboards/" + slug + "/panels", """
				{"title": "Total", "dataSourceId": %d, "sql": "%s", "visualization": "table", "refreshSeconds": 5}"""
			.formatted(dataSource, sql), csrf);
		assertThat(panel.statusCode()).as(panel.body()).isEqualTo(201);
		return json.readTree(panel.body()).get("id").asLong();
	}

	private String token(SessionClient client, String role) throws Exception {
		HttpResponse<String> answer = client.post(instance(), "/api/tokens",
				"{\"name\":\"alerts " + role + "\",\"role\":\"" + role + "\"}", client.csrfToken(instance()));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return json.readTree(answer.body()).get("token").asString();
	}

	private HttpResponse<String> bearer(String token, String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(instance().resolve(path))
			.timeout(Duration.ofSeconds(15))
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + token)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

}
