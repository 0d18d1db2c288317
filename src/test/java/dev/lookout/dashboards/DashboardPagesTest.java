package dev.lookout.dashboards;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * The pages on a real PostgreSQL: they render, their HTML forms create, save and delete with
 * the same rules as the API, and their scripts get server data only as JSON.
 */
class DashboardPagesTest extends DashboardsIntegrationTest {

	private static final String HOSTILE = "</script><script>alert(1)</script>";

	/** The one inlined script statement through which the server hands a page its data. */
	/** The page's data block, which carries the response's Content Security Policy nonce. */
	private static final Pattern PAGE_DATA = Pattern.compile("<script nonce=\"[A-Za-z0-9+/=]{22,}\">const page = (.*?);</script>",
			Pattern.DOTALL);

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		String url = TestPostgres.get().createDatabase("dashboards_pages").postgresUrl();
		registry.add("lookout.database.url", () -> url);
	}

	@Test
	void homePageListsTheDashboards() throws Exception {
		createDashboard("orders", "Orders");
		addPanel("orders", lineChart("Orders per minute"));

		MvcTestResult list = page("/");

		assertThat(list).hasStatusOk();
		assertThat(list).bodyText().contains("Orders", "href=\"/d/orders\"", "href=\"/d/orders/edit\"",
				"href=\"/dashboards/new\"");
	}

	@Test
	void viewersSeeNoEditOrNewButtonsAndEditorsDo() throws Exception {
		createDashboard("orders", "Orders");
		addPanel("orders", lineChart("Orders per minute"));
		createDashboard("empty", "Empty");

		for (String path : new String[] { "/", "/d/orders", "/d/empty" }) {
			MvcTestResult viewed = page(path, "vera", "VIEWER");
			assertThat(viewed).as(path).hasStatusOk();
			assertThat(viewed).bodyText()
				.as("what a viewer sees on %s", path)
				.doesNotContain("href=\"/dashboards/new\"", "href=\"/d/orders/edit\"", "href=\"/d/empty/edit\"", ">Edit<",
						"New dashboard");
		}
		for (String role : new String[] { "EDITOR", "ADMIN" }) {
			assertThat(page("/", "erin", role)).as(role).bodyText()
				.contains("href=\"/dashboards/new\"", "New dashboard", "href=\"/d/orders/edit\"", "href=\"/d/empty/edit\"");
			assertThat(page("/d/orders", "erin", role)).as(role).bodyText().contains("href=\"/d/orders/edit\"", ">Edit<");
			assertThat(page("/d/empty", "erin", role)).as(role).bodyText().contains("href=\"/d/empty/edit\"", "Add one");
		}
		// What the buttons lead to is refused to a viewer anyway.
		assertThat(page("/d/orders/edit", "vera", "VIEWER")).hasStatus(403);
	}

	@Test
	void anEditorIsToldToAskAnAdminForADataSourceAndAnAdminGetsTheLink() throws Exception {
		this.jdbc.sql("DELETE FROM data_source").update();
		createDashboard("orders", "Orders");

		assertThat(page("/d/orders/edit", "erin", "EDITOR")).hasStatusOk()
			.bodyText()
			.contains("ask an admin to add one")
			.doesNotContain("href=\"/admin/datasources\"");
		assertThat(page("/d/orders/edit", "ada", "ADMIN")).hasStatusOk()
			.bodyText()
			.contains("href=\"/admin/datasources\"")
			.doesNotContain("ask an admin");
	}

	@Test
	void dashboardPageRendersItsPanelsFromInlinedJson() throws Exception {
		createDashboard("orders", "Orders");
		long line = addPanel("orders", lineChart("Orders per minute")).get("id").asLong();

		MvcTestResult view = page("/d/orders");

		assertThat(view).hasStatusOk();
		assertThat(view).bodyText().containsPattern("src=\"/webjars/echarts/[^\"]*/dist/echarts.min.js\"")
			.contains("Orders per minute", "/js/dashboards/panels.js", "/js/dashboards/polling.js",
					"/js/dashboards/view.js");
		JsonNode data = pageData(view);
		assertThat(data.get("apiBase").asString()).isEqualTo("/api");
		assertThat(data.get("slug").asString()).isEqualTo("orders");
		JsonNode panel = data.get("panels").get(0);
		assertThat(panel.get("id").asLong()).isEqualTo(line);
		assertThat(panel.get("title").asString()).isEqualTo("Orders per minute");
		assertThat(panel.get("visualization").asString()).isEqualTo("line");
		assertThat(panel.get("refreshSeconds").asInt()).isEqualTo(30);
		assertThat(panel.get("options").get("yColumns").get(0).asString()).isEqualTo("orders");
		assertThat(panel.has("sql")).as("viewers need no SQL").isFalse();
	}

	@Test
	void editorPageHandsItsScriptThePanelsAndTheDataSources() throws Exception {
		createDashboard("orders", "Orders");
		addPanel("orders", lineChart("Orders per minute"));

		MvcTestResult editor = page("/d/orders/edit");

		assertThat(editor).hasStatusOk();
		assertThat(editor).bodyText().contains("name=\"_csrf\"", "/js/dashboards/editor.js");
		JsonNode data = pageData(editor);
		assertThat(data.get("version").asLong()).isEqualTo(1);
		assertThat(data.get("panels").get(0).get("sql").asString()).isEqualTo("SELECT minute, orders FROM orders_per_minute");
		assertThat(data.get("dataSources").get(0).get("id").asLong()).isEqualTo(this.dataSourceId);
		assertThat(data.get("dataSources").get(0).get("name").asString()).isEqualTo("warehouse");
		assertThat(data.get("visualizations").valueStream().map(JsonNode::asString))
			.containsExactly("table", "line", "bar", "stat");
		assertThat(data.get("minRefreshSeconds").asInt()).isEqualTo(5);
	}

	@Test
	void hostileTitlesReachScriptsOnlyAsEscapedJson() throws Exception {
		createDashboard("orders", HOSTILE);
		Map<String, Object> panel = new HashMap<>(lineChart(HOSTILE));
		panel.put("sql", "SELECT '" + HOSTILE + "' AS minute, 1 AS orders");
		addPanel("orders", panel);

		for (String path : new String[] { "/", "/d/orders", "/d/orders/edit" }) {
			MvcTestResult result = page(path);
			assertThat(result).hasStatusOk();
			String html = result.getResponse().getContentAsString();
			Matcher data = PAGE_DATA.matcher(html);
			if (data.find()) {
				// Inside the script only JSON, where no "</" can end the element early.
				assertThat(data.group(1)).as(path).doesNotContain("</");
				JsonNode page = json.readTree(data.group(1));
				assertThat(page.get("panels").get(0).get("title").asString()).isEqualTo(HOSTILE);
			}
			// Everywhere else, entity-escaped text.
			assertThat(PAGE_DATA.matcher(html).replaceAll("")).as(path)
				.doesNotContain("<script>alert(1)")
				.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
		}
		assertThat(pageData(page("/d/orders")).get("title").asString()).isEqualTo(HOSTILE);
	}

	@Test
	void newDashboardFormCreatesItAndOpensTheEditor() throws Exception {
		assertThat(page("/dashboards/new")).hasStatusOk().bodyText().contains("name=\"_csrf\"", "action=\"/dashboards\"");

		MvcTestResult created = form("/dashboards", "slug", "tickets", "title", "Tickets", "description", "Support");

		assertThat(created).hasStatus(302).hasRedirectedUrl("/d/tickets/edit");
		assertThat(created).flash().containsEntry("notice", "Dashboard created. Add its panels below.");
		assertThat(this.mvc.get().uri("/d/tickets/edit").flashAttr("notice", "Dashboard created. Add its panels below."))
			.bodyText()
			.contains("Dashboard created. Add its panels below.");
		JsonNode dashboard = body(api(HttpMethod.GET, "/api/dashboards/tickets", null));
		assertThat(dashboard.get("title").asString()).isEqualTo("Tickets");
		assertThat(dashboard.get("description").asString()).isEqualTo("Support");
		assertThat(this.jdbc.sql("SELECT action FROM audit_log").query(String.class).list())
			.containsExactly("dashboard.create");
	}

	@Test
	void formsWithoutTheCsrfTokenAreRefused() {
		assertThat(this.mvc.post().uri("/dashboards").param("slug", "tickets").param("title", "Tickets")).hasStatus(403);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM dashboard").query(Integer.class).single()).isZero();
	}

	@Test
	void newDashboardFormShowsWhatIsWrongNextToTheFields() throws Exception {
		MvcTestResult invalid = form("/dashboards", "slug", "Not A Slug", "title", "");
		assertThat(invalid).hasStatus(400);
		assertThat(invalid).bodyText().contains("is required", "must be 1 to 64 characters", "value=\"Not A Slug\"");

		createDashboard("orders", "Orders");
		MvcTestResult taken = form("/dashboards", "slug", "orders", "title", "Other orders");
		assertThat(taken).hasStatus(409);
		assertThat(taken).bodyText().contains("The slug &#39;orders&#39; is taken", "value=\"Other orders\"");
	}

	@Test
	void editorFormSavesTheDashboard() throws Exception {
		createDashboard("orders", "Orders");

		MvcTestResult saved = form("/d/orders/edit", "title", "Orders today", "description", "", "version", "1");

		assertThat(saved).hasStatus(302).hasRedirectedUrl("/d/orders/edit");
		JsonNode dashboard = body(api(HttpMethod.GET, "/api/dashboards/orders", null));
		assertThat(dashboard.get("title").asString()).isEqualTo("Orders today");
		assertThat(dashboard.get("description").asString()).isEmpty();
		assertThat(dashboard.get("version").asLong()).isEqualTo(2);
	}

	@Test
	void editorFormWithAStaleVersionShowsTheConflictAndKeepsTheNewerChange() throws Exception {
		createDashboard("orders", "Orders");
		assertThat(form("/d/orders/edit", "title", "Alice's title", "version", "1")).hasStatus(302);

		MvcTestResult stale = form("/d/orders/edit", "title", "Bob's title", "version", "1");

		assertThat(stale).hasStatus(409);
		assertThat(stale).bodyText().contains("was changed by somebody else since you loaded version 1",
				"value=\"Bob&#39;s title\"", "name=\"version\" value=\"1\"");
		assertThat(body(api(HttpMethod.GET, "/api/dashboards/orders", null)).get("title").asString())
			.isEqualTo("Alice's title");
		assertThat(form("/d/orders/delete", "version", "1")).hasStatus(409);
	}

	@Test
	void deleteFormDeletesTheDashboardAndItsPanels() throws Exception {
		createDashboard("orders", "Orders");
		addPanel("orders", lineChart("Orders per minute"));

		MvcTestResult deleted = form("/d/orders/delete", "version", "1");

		assertThat(deleted).hasStatus(302).hasRedirectedUrl("/");
		assertThat(page("/d/orders")).hasStatus(404);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM panel").query(Integer.class).single()).isZero();
	}

	@Test
	void unknownDashboardPageIsNotFound() {
		MvcTestResult missing = page("/d/nothing-here");

		assertThat(missing).hasStatus(404);
		assertThat(missing).bodyText().contains("NOT_FOUND");
	}

	@Test
	void chartLibraryIsServedLocallyWithoutItsVersionInThePath() {
		assertThat(this.mvc.get().uri("/webjars/echarts/dist/echarts.min.js")).hasStatusOk();
	}

	private MvcTestResult page(String path) {
		return this.mvc.get().uri(path).accept(MediaType.TEXT_HTML).exchange();
	}

	private MvcTestResult page(String path, String username, String role) {
		return this.mvc.get().uri(path).with(user(username).roles(role)).accept(MediaType.TEXT_HTML).exchange();
	}

	/** A browser's form post: fields as parameters, the token as the hidden {@code _csrf} field. */
	private MvcTestResult form(String path, String... fields) {
		var request = this.mvc.post().uri(path).with(csrf()).accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		for (int i = 0; i < fields.length; i += 2) {
			request.param(fields[i], fields[i + 1]);
		}
		return request.exchange();
	}

	private static JsonNode pageData(MvcTestResult result) throws Exception {
		Matcher data = PAGE_DATA.matcher(result.getResponse().getContentAsString());
		assertThat(data.find()).as("the page inlines its data").isTrue();
		return json.readTree(data.group(1));
	}

}
