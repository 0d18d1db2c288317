package dev.lookout.dashboards;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Dashboards as code through the API: a dashboard exported and imported into an instance without
 * it (its tables emptied, the data source kept by name) is the same dashboard; importing the same
 * file again changes nothing; a file exported from an older version is an edit conflict; a bad
 * file changes nothing.
 */
class ExportThenImportReproducesTheDashboardTest extends DashboardsIntegrationTest {

	@Test
	void exportThenImportIntoAnEmptyInstanceReproducesItAndASecondImportChangesNothing() throws Exception {
		String exported = export(demoLikeDashboard());
		assertThat(exported).contains("kind: dashboard", "slug: shop", "dataSource: warehouse", "version: ")
			.doesNotContain("dataSourceId", "id:", "updatedAt", "updatedBy", "createdAt", "jdbc:", "password");

		emptyInstance();
		assertThat(api(HttpMethod.GET, "/api/dashboards/shop", null)).hasStatus(404);
		MvcTestResult created = importFile(exported);
		assertThat(created).hasStatus(201).hasHeader("Location", "http://localhost/api/dashboards/shop");
		assertThat(body(created).get("outcome").asString()).isEqualTo("created");
		// The same definition: the export of the copy is the export of the original but for its version.
		assertThat(withoutVersion(export("shop"))).isEqualTo(withoutVersion(exported));

		JsonNode before = body(api(HttpMethod.GET, "/api/dashboards/shop", null));
		long auditRows = auditRows();
		MvcTestResult again = importFile(exported);
		assertThat(again).hasStatus(200);
		assertThat(body(again).get("outcome").asString()).isEqualTo("unchanged");
		JsonNode after = body(api(HttpMethod.GET, "/api/dashboards/shop", null));
		assertThat(after.get("version")).isEqualTo(before.get("version"));
		assertThat(after.get("updatedAt")).isEqualTo(before.get("updatedAt"));
		assertThat(after.get("panels")).isEqualTo(before.get("panels"));
		assertThat(auditRows()).isEqualTo(auditRows);
	}

	@Test
	void aChangedFileUpdatesByPositionInOneGoAndAStaleVersionIsAnEditConflict() throws Exception {
		String exported = export(demoLikeDashboard());
		long version = body(api(HttpMethod.GET, "/api/dashboards/shop", null)).get("version").asLong();
		List<Long> panelIds = panelIds();

		// Somebody saves a change after the export: the exported file is now stale.
		api(HttpMethod.PUT, "/api/dashboards/shop", Map.of("title", "Shop, renamed", "version", version));
		String changed = exported.replace("title: Orders\n", "title: Orders today\n");
		assertThat(changed).isNotEqualTo(exported);
		MvcTestResult stale = importFile(changed);
		assertThat(stale).hasStatus(409);
		assertThat(body(stale).get("code").asString()).isEqualTo("EDIT_CONFLICT");
		assertThat(body(api(HttpMethod.GET, "/api/dashboards/shop", null)).get("title").asString())
			.isEqualTo("Shop, renamed");

		// Without a version the file wins: title back, the first panel updated in place, the last one removed.
		String lastPanel = changed.substring(changed.lastIndexOf("- title: Latest orders"));
		String update = changed.replaceAll("(?m)^version: .*\\n", "").replace(lastPanel, "");
		MvcTestResult updated = importFile(update);
		assertThat(updated).hasStatus(200);
		assertThat(body(updated).get("outcome").asString()).isEqualTo("updated");
		JsonNode shop = body(api(HttpMethod.GET, "/api/dashboards/shop", null));
		assertThat(shop.get("title").asString()).isEqualTo("Shop, live");
		assertThat(shop.get("version").asLong()).isEqualTo(version + 2);
		assertThat(panelIds()).containsExactlyElementsOf(panelIds.subList(0, panelIds.size() - 1));
		assertThat(shop.get("panels").get(0).get("title").asString()).isEqualTo("Orders today");
		assertThat(shop.get("panels").get(0).get("version").asLong()).isEqualTo(2);
		assertThat(shop.get("panels").get(1).get("version").asLong()).isEqualTo(1);
	}

	@Test
	void aBadFileIsRefusedWithItsLineAndChangesNothing() throws Exception {
		String exported = export(demoLikeDashboard());
		JsonNode before = body(api(HttpMethod.GET, "/api/dashboards/shop", null));
		long auditRows = auditRows();
		// A valid change to the title, but the last panel names a data source that does not exist.
		String retitled = exported.replace("title: \"Shop, live\"", "title: Shop, changed");
		int last = retitled.lastIndexOf("dataSource: warehouse");
		String bad = retitled.substring(0, last) + "dataSource: nowhere"
				+ retitled.substring(last + "dataSource: warehouse".length());
		assertThat(bad).contains("dataSource: nowhere");
		int line = lineOf(bad, "dataSource: nowhere");

		MvcTestResult refused = this.mvc.post()
			.uri("/api/dashboards/import?file=shop.yaml")
			.with(csrf().asHeader())
			.contentType(MediaType.parseMediaType("text/yaml"))
			.content(bad)
			.accept(MediaType.APPLICATION_JSON)
			.exchange();

		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(body(refused).get("detail").asString())
			.startsWith("shop.yaml, line " + line + ", panels[3].dataSource: names no data source 'nowhere'");
		assertThat(body(api(HttpMethod.GET, "/api/dashboards/shop", null))).isEqualTo(before);
		assertThat(auditRows()).isEqualTo(auditRows);

		MvcTestResult syntax = importFile("kind: dashboard\nslug: shop\ntitle: a title: with a colon\npanels: []\n");
		assertThat(syntax).hasStatus(400);
		assertThat(body(syntax).get("detail").asString()).contains("line 3").contains("is not valid YAML");
	}

	@Test
	void anExportIsAnAttachmentNamedAfterTheSlug() throws Exception {
		demoLikeDashboard();
		MvcTestResult export = this.mvc.get().uri("/api/dashboards/shop/export").exchange();
		assertThat(export).hasStatus(200)
			.hasHeader("Content-Disposition", "attachment; filename=\"shop.yaml\"");
		assertThat(export.getResponse().getContentType()).startsWith("application/yaml");
		assertThat(this.mvc.get().uri("/api/dashboards/nothing/export").exchange()).hasStatus(404);
	}

	/** The demo's shop: a list variable read by a query, a text one, a time range, access, four panels. */
	private String demoLikeDashboard() throws Exception {
		Map<String, Object> region = Map.of("name", "region", "label", "Region", "type", "list", "multi", true,
				"optionsQuery", Map.of("dataSourceId", this.dataSourceId, "sql", "SELECT DISTINCT region FROM orders",
						"refreshSeconds", 60),
				"default", List.of("east", "west"));
		Map<String, Object> customer = Map.of("name", "customer", "type", "text", "default", "ACME");
		MvcTestResult created = api(HttpMethod.POST, "/api/dashboards", Map.of("slug", "shop", "title", "Shop, live",
				"description", "Orders as they come in.", "variables", List.of(region, customer), "timeRange",
				Map.of("label", "Period", "from", "now-30m", "to", "now"), "access",
				Map.of("view", List.of("sales", "ops"), "edit", List.of("ops"))));
		assertThat(created).hasStatus(201);
		String chosen = " WHERE region IN (:region) AND customer = :customer AND created_at >= :from AND created_at < :to";
		addPanel("shop", panel("Orders", "SELECT COUNT(*) AS orders FROM orders" + chosen, "stat",
				Map.of("valueColumn", "orders", "unit", "orders"), 5));
		addPanel("shop", panel("Revenue per minute", "SELECT minute, SUM(amount) AS revenue\nFROM orders" + chosen
				+ "\nGROUP BY minute", "line", Map.of("xColumn", "minute", "yColumns", List.of("revenue"), "unit", "EUR"), 10));
		addPanel("shop", panel("Orders by region", "SELECT region, COUNT(*) AS orders FROM orders GROUP BY region",
				"bar", Map.of("xColumn", "region", "yColumns", List.of("orders")), 30));
		addPanel("shop", panel("Latest orders", "SELECT id, region, amount FROM orders" + chosen, "table", Map.of(), 5));
		return "shop";
	}

	private Map<String, Object> panel(String title, String sql, String visualization, Map<String, Object> options,
			int refreshSeconds) {
		return Map.of("title", title, "dataSourceId", this.dataSourceId, "sql", sql, "visualization", visualization,
				"options", options, "refreshSeconds", refreshSeconds);
	}

	private String export(String slug) throws Exception {
		MvcTestResult export = this.mvc.get().uri("/api/dashboards/" + slug + "/export").exchange();
		assertThat(export).hasStatus(200);
		return export.getResponse().getContentAsString();
	}

	private MvcTestResult importFile(String yaml) {
		return this.mvc.post()
			.uri("/api/dashboards/import")
			.with(csrf().asHeader())
			.contentType(MediaType.parseMediaType("application/yaml"))
			.content(yaml)
			.accept(MediaType.APPLICATION_JSON)
			.exchange();
	}

	/** An instance without dashboards or their history; its data source, which files name, stays. */
	private void emptyInstance() {
		for (String table : List.of("panel", "dashboard", "audit_log")) {
			this.jdbc.sql("DELETE FROM " + table).update();
		}
		this.jdbc.sql("UPDATE definitions_version SET version = version + 1").update();
		this.definitionsSync.changed();
	}

	private long auditRows() {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_log").query(Long.class).single();
	}

	private List<Long> panelIds() {
		return this.jdbc.sql("SELECT id FROM panel ORDER BY position").query(Long.class).list();
	}

	private static String withoutVersion(String yaml) {
		return yaml.replaceAll("(?m)^version: .*$", "version: ?");
	}

	private static int lineOf(String text, String part) {
		return (int) text.substring(0, text.indexOf(part)).chars().filter((c) -> c == '\n').count() + 1;
	}

}
