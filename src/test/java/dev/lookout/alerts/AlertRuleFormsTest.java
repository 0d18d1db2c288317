package dev.lookout.alerts;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The rule form of the alerts page: an editor creates, changes and deletes a rule with the API's
 * rules (each refused field shown next to its input, a stale version a conflict), choosing another
 * dashboard brings its panels and variables back with what was typed, a list's options are offered
 * (those its query reads too), only dashboards the editor may change are offered, and a viewer gets
 * the list only.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(AlertRuleFormsTest.Database.class)
class AlertRuleFormsTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String DATABASE = "alert_rule_forms";

	private static final RequestPostProcessor EDITOR = SecurityMockMvcRequestPostProcessors.user("ed").roles("EDITOR");

	private static final RequestPostProcessor VIEWER = SecurityMockMvcRequestPostProcessors.user("vic").roles("VIEWER");

	private static final RequestPostProcessor ADMIN = SecurityMockMvcRequestPostProcessors.user("ada").roles("ADMIN");

	private static Connection source;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	private long totalPanel;

	private long countPanel;

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create(DATABASE,
				"CREATE TABLE IF NOT EXISTS totals (team VARCHAR(20), total INT)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	/** Two dashboards of their own for each test, the first with a variable; no rule on them yet. */
	@BeforeEach
	void dashboards() throws Exception {
		this.jdbc.sql("DELETE FROM alert_rule").update();
		if (this.jdbc.sql("SELECT count(*) FROM dashboard WHERE slug = 'forms-teams'").query(Long.class).single() > 0) {
			this.totalPanel = panelOf("forms-teams");
			this.countPanel = panelOf("forms-counts");
			return;
		}
		long dataSource = DataSourceRows.insert(this.jdbc, "alert-forms", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		api("/api/dashboards", """
				{"slug": "forms-teams", "title": "Teams", "variables": [{"name": "team", "type": "list",
				 "options": ["data", "ops"], "default": "data"}]}""");
		this.totalPanel = api("/api/dashboards/forms-teams/panels", """
				{"title": "Team total", "dataSourceId": %d, "sql": "SELECT SUM(total) AS total FROM totals WHERE team = :team",
				 "visualization": "stat", "refreshSeconds": 60, "options": {"valueColumn": "total"}}""".formatted(dataSource))
			.path("id")
			.asLong();
		api("/api/dashboards", "{\"slug\": \"forms-counts\", \"title\": \"Counts\"}");
		this.countPanel = api("/api/dashboards/forms-counts/panels", """
				{"title": "Row count", "dataSourceId": %d, "sql": "SELECT team FROM totals", "visualization": "table",
				 "refreshSeconds": 60}""".formatted(dataSource))
			.path("id")
			.asLong();
	}

	@Test
	void anEditorCreatesARuleThroughTheFormAndSeesItListedWithItsState() throws Exception {
		long channel = channel("Forms hook " + System.nanoTime());
		MvcTestResult empty = page("/alerts/new?dashboard=forms-teams", EDITOR);
		assertThat(empty).hasStatusOk();
		assertThat(empty).bodyText()
			.contains("Teams", "Counts", "Team total", "name=\"view[team]\"", "placeholder=\"default: data\"",
					"<option value=\"ops\">ops</option>", "name=\"_csrf\"", "/js/alerts/rule-form.js", "value=\"" + channel + "\"")
			.doesNotContain("Row count");

		Map<String, String> fields = rule("Ops total high", this.totalPanel);
		fields.put("view[team]", "ops");
		MvcTestResult created = post("/alerts", fields, EDITOR, "channelIds", String.valueOf(channel));
		assertThat(created).hasStatus3xxRedirection().hasRedirectedUrl("/alerts");
		assertThat(created).flash().containsEntry("notice", "Rule 'Ops total high' created.");

		Map<String, Object> stored = this.jdbc
			.sql("SELECT panel_id, view_values, condition_json, for_seconds, channel_ids, version FROM alert_rule"
					+ " WHERE name = 'Ops total high'")
			.query()
			.singleRow();
		assertThat(((Number) stored.get("panel_id")).longValue()).isEqualTo(this.totalPanel);
		assertThat(json.readTree((String) stored.get("view_values")).path("team").get(0).asString()).isEqualTo("ops");
		JsonNode condition = json.readTree((String) stored.get("condition_json"));
		assertThat(condition.path("type").asString()).isEqualTo("VALUE");
		assertThat(condition.path("column").asString()).isEqualTo("total");
		assertThat(condition.path("threshold").asString()).isEqualTo("150");
		assertThat(((Number) stored.get("for_seconds")).intValue()).isEqualTo(60);
		assertThat(json.readTree((String) stored.get("channel_ids")).get(0).asLong()).isEqualTo(channel);

		long id = ruleId("Ops total high");
		MvcTestResult list = page("/alerts", EDITOR);
		assertThat(list).bodyText()
			.contains("Ops total high", "alert-state alert-ok", "href=\"/alerts/new\"",
					"href=\"/alerts/" + id + "/edit\"", "action=\"/alerts/" + id + "/delete\"");
		MvcTestResult edit = page("/alerts/" + id + "/edit", EDITOR);
		assertThat(edit).hasStatusOk();
		assertThat(edit).bodyText()
			.contains("value=\"Ops total high\"", "name=\"version\" value=\"1\"", "value=\"ops\"", "value=\"150\"",
					"value=\"" + channel + "\" checked");
	}

	@Test
	void choosingAnotherDashboardBringsItsPanelsBackWithWhatWasTypedAndSavesNothing() {
		Map<String, String> fields = rule("Half typed", this.totalPanel);
		fields.put("dashboard", "forms-counts");
		fields.put("choose", "panel");
		MvcTestResult chosen = post("/alerts", fields, EDITOR);
		assertThat(chosen).hasStatusOk();
		assertThat(chosen).bodyText()
			.contains("value=\"Half typed\"", "<option value=\"" + this.countPanel + "\" selected=\"selected\">Row count",
					"value=\"150\"")
			.doesNotContain("name=\"view[team]\"", "Team total");
		assertThat(this.jdbc.sql("SELECT count(*) FROM alert_rule").query(Long.class).single()).isZero();
	}

	@Test
	void refusedValuesComeBackNextToTheirFieldsAsTyped() {
		Map<String, String> fields = rule("Typed name", this.totalPanel);
		fields.remove("column");
		fields.put("threshold", "");
		fields.put("forSeconds", "90000");
		fields.put("view[team]", "nobody");
		MvcTestResult refused = post("/alerts", fields, EDITOR);
		assertThat(refused).hasStatus(400);
		assertThat(refused).bodyText()
			.contains("The rule was not saved", "value=\"Typed name\"", "value=\"nobody\"", "value=\"90000\"")
			.containsPattern("data-problem=\"condition.column\"[^>]*>is required")
			.containsPattern("data-problem=\"condition.threshold\"[^>]*>is required: a number")
			.containsPattern("data-problem=\"forSeconds\"[^>]*>give 0 to 86400 seconds")
			.containsPattern("data-problem=\"view.team\"[^>]*>[^<]+");

		fields = rule("Typed name", this.totalPanel);
		fields.put("threshold", "lots");
		MvcTestResult notANumber = post("/alerts", fields, EDITOR);
		assertThat(notANumber).hasStatus(400);
		assertThat(notANumber).bodyText().containsPattern("data-problem=\"condition.threshold\"[^>]*>is not a number");
		assertThat(this.jdbc.sql("SELECT count(*) FROM alert_rule").query(Long.class).single()).isZero();
	}

	@Test
	void aChangeFromAStaleVersionIsAConflictShownWithTheFormAsTyped() {
		assertThat(post("/alerts", rule("Total high", this.totalPanel), EDITOR)).hasStatus3xxRedirection();
		long id = ruleId("Total high");
		Map<String, String> fields = rule("Total very high", this.totalPanel);
		fields.put("version", "1");
		fields.put("threshold", "300");
		assertThat(post("/alerts/" + id + "/edit", fields, EDITOR)).hasStatus3xxRedirection()
			.flash()
			.containsEntry("notice", "Rule 'Total very high' saved.");

		fields.put("name", "Total too high");
		MvcTestResult stale = post("/alerts/" + id + "/edit", fields, EDITOR);
		assertThat(stale).hasStatus(409);
		assertThat(stale).bodyText()
			.contains("was changed by somebody else since version 1", "href=\"/alerts/" + id + "/edit\"",
					"value=\"Total too high\"", "name=\"version\" value=\"1\"");
		assertThat(this.jdbc.sql("SELECT name FROM alert_rule WHERE id = ?").param(id).query(String.class).single())
			.isEqualTo("Total very high");
	}

	@Test
	void deletingNeedsTheVersionRead() {
		assertThat(post("/alerts", rule("Doomed", this.totalPanel), EDITOR)).hasStatus3xxRedirection();
		long id = ruleId("Doomed");
		MvcTestResult stale = post("/alerts/" + id + "/delete", Map.of("version", "7"), EDITOR);
		assertThat(stale).hasStatus3xxRedirection().hasRedirectedUrl("/alerts");
		assertThat(stale).flash().hasEntrySatisfying("error", (message) -> assertThat((String) message)
			.contains("changed by somebody else since version 7"));
		assertThat(post("/alerts/" + id + "/delete", Map.of("version", "1"), EDITOR)).hasStatus3xxRedirection()
			.flash()
			.containsEntry("notice", "Rule 'Doomed' deleted.");
		assertThat(this.jdbc.sql("SELECT count(*) FROM alert_rule").query(Long.class).single()).isZero();
	}

	@Test
	void aViewerSeesTheListOnlyAndCannotOpenOrPostTheForm() {
		assertThat(post("/alerts", rule("Watched", this.totalPanel), EDITOR)).hasStatus3xxRedirection();
		long id = ruleId("Watched");

		MvcTestResult list = page("/alerts", VIEWER);
		assertThat(list).hasStatusOk();
		assertThat(list).bodyText()
			.contains("Watched")
			.doesNotContain("New rule", "/alerts/new", "/edit\"", "/delete\"");
		assertThat(page("/alerts/new", VIEWER)).hasStatus(403);
		assertThat(page("/alerts/" + id + "/edit", VIEWER)).hasStatus(403);
		assertThat(post("/alerts", rule("Viewer's", this.totalPanel), VIEWER)).hasStatus(403);
		assertThat(post("/alerts/" + id + "/edit", rule("Viewer's", this.totalPanel), VIEWER)).hasStatus(403);
		assertThat(post("/alerts/" + id + "/delete", Map.of("version", "1"), VIEWER)).hasStatus(403);
		assertThat(this.jdbc.sql("SELECT name FROM alert_rule").query(String.class).list()).containsExactly("Watched");
	}

	@Test
	void onlyDashboardsTheEditorMayChangeAreOfferedAndTheirRulesAreChangedElsewhere() throws Exception {
		if (this.jdbc.sql("SELECT count(*) FROM dashboard WHERE slug = 'forms-payroll'").query(Long.class).single() == 0) {
			api("/api/dashboards", "{\"slug\": \"forms-payroll\", \"title\": \"Payroll\", \"access\": {\"edit\": [\"payroll\"]}}");
			api("/api/dashboards/forms-payroll/panels", """
					{"title": "Payroll total", "dataSourceId": %d, "sql": "SELECT SUM(total) AS total FROM totals",
					 "visualization": "table", "refreshSeconds": 60}""".formatted(
					this.jdbc.sql("SELECT id FROM data_source WHERE name = 'alert-forms'").query(Long.class).single()));
		}
		long payrollPanel = panelOf("forms-payroll");
		assertThat(post("/alerts", rule("Payroll high", payrollPanel), ADMIN)).hasStatus3xxRedirection();
		long id = ruleId("Payroll high");

		assertThat(page("/alerts/new", EDITOR)).bodyText().contains("Teams").doesNotContain("Payroll");
		assertThat(page("/alerts", EDITOR)).bodyText().contains("Payroll high").doesNotContain("/alerts/" + id + "/edit");
		assertThat(page("/alerts/" + id + "/edit", EDITOR)).hasStatus(403);
		assertThat(page("/alerts", ADMIN)).bodyText().contains("/alerts/" + id + "/edit");
	}

	@Test
	void aListWhoseOptionsAQueryReadsOffersThemInTheForm() throws Exception {
		try (Statement sql = source.createStatement()) {
			sql.execute("CREATE TABLE IF NOT EXISTS regions (region VARCHAR(20))");
			sql.execute("DELETE FROM regions");
			sql.execute("INSERT INTO regions VALUES ('north'), ('south')");
		}
		if (this.jdbc.sql("SELECT count(*) FROM dashboard WHERE slug = 'forms-regions'").query(Long.class).single() == 0) {
			long dataSource = this.jdbc.sql("SELECT id FROM data_source WHERE name = 'alert-forms'")
				.query(Long.class)
				.single();
			api("/api/dashboards", """
					{"slug": "forms-regions", "title": "Regions", "variables": [{"name": "region", "type": "list",
					 "optionsQuery": {"dataSourceId": %d, "sql": "SELECT region FROM regions ORDER BY region"},
					 "default": "north"}]}""".formatted(dataSource));
			api("/api/dashboards/forms-regions/panels", """
					{"title": "Regions named", "dataSourceId": %d, "sql": "SELECT COUNT(*) AS n FROM regions WHERE region = :region",
					 "visualization": "stat", "refreshSeconds": 60, "options": {"valueColumn": "n"}}""".formatted(dataSource));
		}
		// The options are read by the refresh module's own thread, soon after the dashboard is known.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(page("/alerts/new?dashboard=forms-regions", EDITOR)).bodyText()
				.contains("name=\"view[region]\"", "list=\"options-region\"", "<option value=\"north\">north</option>",
						"<option value=\"south\">south</option>"));
	}

	/** A VALUE rule on the total as the form sends it, with its defaults. */
	private static Map<String, String> rule(String name, long panel) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("panelId", String.valueOf(panel));
		fields.put("type", "VALUE");
		fields.put("column", "total");
		fields.put("match", "ANY");
		fields.put("op", ">");
		fields.put("threshold", "150");
		fields.put("forSeconds", "60");
		fields.put("resolveAfterSeconds", "0");
		fields.put("onNoData", "NO_DATA");
		fields.put("onError", "ERROR");
		return fields;
	}

	private MvcTestResult page(String path, RequestPostProcessor user) {
		return this.mvc.get().uri(path).with(user).accept(MediaType.TEXT_HTML).exchange();
	}

	/** A form post with the CSRF field, as the browser sends it; {@code more} are further name, value pairs. */
	private MvcTestResult post(String path, Map<String, String> fields, RequestPostProcessor user, String... more) {
		var request = this.mvc.post()
			.uri(path)
			.with(user)
			.with(csrf())
			.accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		fields.forEach((name, value) -> request.param(name, value));
		for (int i = 0; i + 1 < more.length; i += 2) {
			request.param(more[i], more[i + 1]);
		}
		return request.exchange();
	}

	private JsonNode api(String path, String body) throws Exception {
		MvcTestResult answer = this.mvc.post()
			.uri(path)
			.with(ADMIN)
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
		assertThat(answer).hasStatus(201);
		return json.readTree(answer.getResponse().getContentAsString());
	}

	private long channel(String name) throws Exception {
		return api("/api/alert-channels", json.writeValueAsString(Map.of("name", name, "type", "WEBHOOK", "url",
				"http://127.0.0.1:9/hook")))
			.path("channel")
			.path("id")
			.asLong();
	}

	private long panelOf(String slug) {
		return this.jdbc.sql("SELECT p.id FROM panel p JOIN dashboard d ON d.id = p.dashboard_id WHERE d.slug = ?")
			.param(slug)
			.query(Long.class)
			.single();
	}

	private long ruleId(String name) {
		return this.jdbc.sql("SELECT id FROM alert_rule WHERE name = ?").param(name).query(Long.class).single();
	}

	/** Declares the test's H2 database as one the application owns, so that its options query runs. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource formsDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

	}

}
