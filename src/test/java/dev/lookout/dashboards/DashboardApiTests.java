package dev.lookout.dashboards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.lookout.web.EditConflict;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The JSON API for dashboards and panels, run on each database Lookout supports by the
 * subclasses: CRUD, optimistic locking, validation, the audit trail and the events.
 */
abstract class DashboardApiTests extends DashboardsIntegrationTest {

	@Autowired
	Panels panels;

	@Autowired
	DashboardService service;

	@Test
	void createdDashboardIsListedAndReadBackWithItsPanelsInOrder() throws Exception {
		MvcTestResult created = api(HttpMethod.POST, "/api/dashboards",
				Map.of("slug", "orders", "title", "  Orders  ", "description", "Shop orders"));
		assertThat(created).hasStatus(201).hasHeader("Location", "http://localhost/api/dashboards/orders");
		JsonNode dashboard = body(created);
		assertThat(dashboard.get("title").asString()).isEqualTo("Orders");
		assertThat(dashboard.get("version").asLong()).isEqualTo(1);
		assertThat(dashboard.get("updatedBy").asString()).isEqualTo("admin");
		assertThat(dashboard.get("panels").isEmpty()).isTrue();

		long first = addPanel("orders", lineChart("Orders per minute")).get("id").asLong();
		MvcTestResult second = api(HttpMethod.POST, "/api/dashboards/orders/panels",
				Map.of("title", "Open tickets", "dataSourceId", this.dataSourceId, "sql", "SELECT COUNT(*) AS open FROM tickets",
						"visualization", "stat", "refreshSeconds", 10, "options", Map.of("valueColumn", "open")));
		assertThat(second).hasStatus(201).hasHeader("Location", "http://localhost/api/panels/" + body(second).get("id").asLong());

		JsonNode read = body(api(HttpMethod.GET, "/api/dashboards/orders", null));
		assertThat(read.get("description").asString()).isEqualTo("Shop orders");
		JsonNode panels = read.get("panels");
		assertThat(panels).hasSize(2);
		JsonNode line = panels.get(0);
		assertThat(line.get("id").asLong()).isEqualTo(first);
		assertThat(line.get("position").asInt()).isZero();
		assertThat(line.get("version").asLong()).isEqualTo(1);
		assertThat(line.get("title").asString()).isEqualTo("Orders per minute");
		assertThat(line.get("dataSourceId").asLong()).isEqualTo(this.dataSourceId);
		assertThat(line.get("sql").asString()).isEqualTo("SELECT minute, orders FROM orders_per_minute");
		assertThat(line.get("visualization").asString()).isEqualTo("line");
		assertThat(line.get("refreshSeconds").asInt()).isEqualTo(30);
		assertThat(line.get("options").get("xColumn").asString()).isEqualTo("minute");
		assertThat(line.get("options").get("yColumns").get(0).asString()).isEqualTo("orders");
		assertThat(line.get("options").get("unit").asString()).isEqualTo("orders/min");
		assertThat(panels.get(1).get("title").asString()).isEqualTo("Open tickets");
		assertThat(panels.get(1).get("options").get("valueColumn").asString()).isEqualTo("open");

		JsonNode list = body(api(HttpMethod.GET, "/api/dashboards", null));
		assertThat(list).hasSize(1);
		assertThat(list.get(0).get("slug").asString()).isEqualTo("orders");
		assertThat(list.get(0).get("panelCount").asInt()).isEqualTo(2);
	}

	@Test
	void updateWithTheCurrentVersionSavesAndCountsTheVersionUp() throws Exception {
		createDashboard("orders", "Orders");
		MvcTestResult updated = api(HttpMethod.PUT, "/api/dashboards/orders",
				Map.of("title", "Orders today", "description", "", "version", 1));
		assertThat(updated).hasStatus(200);
		assertThat(body(updated).get("title").asString()).isEqualTo("Orders today");
		assertThat(body(updated).get("version").asLong()).isEqualTo(2);

		long panel = addPanel("orders", lineChart("Orders")).get("id").asLong();
		Map<String, Object> bar = new HashMap<>(lineChart("Orders as bars"));
		bar.put("visualization", "bar");
		bar.put("version", 1);
		MvcTestResult panelUpdated = api(HttpMethod.PUT, "/api/panels/" + panel, bar);
		assertThat(panelUpdated).hasStatus(200);
		assertThat(body(panelUpdated).get("visualization").asString()).isEqualTo("bar");
		assertThat(body(panelUpdated).get("version").asLong()).isEqualTo(2);
	}

	@Test
	void readsCarryAnETagThatAnswersNotModifiedUntilAnEdit() throws Exception {
		createDashboard("orders", "Orders");
		for (String uri : List.of("/api/dashboards", "/api/dashboards/orders")) {
			MvcTestResult first = api(HttpMethod.GET, uri, null);
			assertThat(first).hasStatus(200).hasHeader("Cache-Control", "no-cache");
			String etag = first.getResponse().getHeader("ETag");
			assertThat(etag).matches("\"[0-9a-f]{32}\"");
			MvcTestResult again = api(HttpMethod.GET, uri, null);
			assertThat(again.getResponse().getContentAsString()).isEqualTo(first.getResponse().getContentAsString());
			assertThat(this.mvc.get().uri(uri).header("If-None-Match", etag).exchange()).hasStatus(304);

			api(HttpMethod.PUT, "/api/dashboards/orders", Map.of("title", "Orders " + uri, "description", "",
					"version", body(api(HttpMethod.GET, "/api/dashboards/orders", null)).get("version").asLong()));
			MvcTestResult edited = this.mvc.get().uri(uri).header("If-None-Match", etag).exchange();
			assertThat(edited).hasStatus(200);
			assertThat(edited.getResponse().getHeader("ETag")).isNotEqualTo(etag);
			assertThat(edited.getResponse().getContentAsString()).contains("Orders " + uri);
		}
	}

	@Test
	void staleDashboardVersionIsAnEditConflictAndNeverOverwrites() throws Exception {
		createDashboard("orders", "Orders");
		assertThat(api(HttpMethod.PUT, "/api/dashboards/orders", Map.of("title", "Alice's title", "version", 1)))
			.hasStatus(200);

		MvcTestResult stale = api(HttpMethod.PUT, "/api/dashboards/orders", Map.of("title", "Bob's title", "version", 1));

		assertEditConflict(stale);
		assertThat(body(api(HttpMethod.GET, "/api/dashboards/orders", null)).get("title").asString())
			.isEqualTo("Alice's title");
		assertEditConflict(api(HttpMethod.DELETE, "/api/dashboards/orders?version=1", null));
		assertThat(api(HttpMethod.GET, "/api/dashboards/orders", null)).hasStatus(200);
	}

	@Test
	void stalePanelVersionIsAnEditConflictAndNeverOverwrites() throws Exception {
		createDashboard("orders", "Orders");
		long panel = addPanel("orders", lineChart("Orders")).get("id").asLong();
		Map<String, Object> alice = new HashMap<>(lineChart("Alice's panel"));
		alice.put("version", 1);
		assertThat(api(HttpMethod.PUT, "/api/panels/" + panel, alice)).hasStatus(200);

		Map<String, Object> bob = new HashMap<>(lineChart("Bob's panel"));
		bob.put("version", 1);
		assertEditConflict(api(HttpMethod.PUT, "/api/panels/" + panel, bob));
		assertEditConflict(api(HttpMethod.DELETE, "/api/panels/" + panel + "?version=1", null));

		assertThat(this.jdbc.sql("SELECT title FROM panel WHERE id = ?").param(panel).query(String.class).single())
			.isEqualTo("Alice's panel");
	}

	@Test
	void ofConcurrentSavesOfTheSameVersionExactlyOneWins() throws Exception {
		createDashboard("orders", "Orders");
		long panel = addPanel("orders", lineChart("Orders")).get("id").asLong();
		ExecutorService editors = Executors.newFixedThreadPool(2);
		try {
			for (long version = 1; version <= 10; version++) {
				CyclicBarrier together = new CyclicBarrier(2);
				List<Future<String>> saves = new ArrayList<>();
				for (String editor : List.of("alice", "bob")) {
					PanelRequest request = new PanelRequest(editor + " " + version, this.dataSourceId, "SELECT 1",
							"table", null, 30, version);
					saves.add(editors.submit(() -> {
						together.await();
						try {
							return this.service.updatePanel(panel, request).title();
						}
						catch (EditConflict ex) {
							return null;
						}
					}));
				}
				List<String> winners = new ArrayList<>();
				for (Future<String> save : saves) {
					String title = save.get(30, TimeUnit.SECONDS);
					if (title != null) {
						winners.add(title);
					}
				}
				assertThat(winners).hasSize(1);
				assertThat(this.panels.find(panel).orElseThrow().version()).isEqualTo(version + 1);
				assertThat(this.jdbc.sql("SELECT title FROM panel WHERE id = ?").param(panel).query(String.class).single())
					.isEqualTo(winners.get(0));
			}
		}
		finally {
			editors.shutdownNow();
		}
	}

	@Test
	void changesWithoutAVersionAreRefused() throws Exception {
		createDashboard("orders", "Orders");
		long panel = addPanel("orders", lineChart("Orders")).get("id").asLong();

		for (MvcTestResult refused : List.of(api(HttpMethod.PUT, "/api/dashboards/orders", Map.of("title", "New")),
				api(HttpMethod.PUT, "/api/panels/" + panel, lineChart("New")),
				api(HttpMethod.DELETE, "/api/panels/" + panel, null),
				api(HttpMethod.DELETE, "/api/dashboards/orders", null))) {
			assertThat(refused).hasStatus(400);
			assertThat(body(refused).get("code").asString()).isEqualTo("VALIDATION_FAILED");
			assertThat(body(refused).get("detail").asString()).contains("version: is required");
		}
	}

	@Test
	void takenSlugIsAConflict() throws Exception {
		createDashboard("orders", "Orders");

		MvcTestResult taken = api(HttpMethod.POST, "/api/dashboards", Map.of("slug", "orders", "title", "Other"));

		assertThat(taken).hasStatus(409);
		assertThat(body(taken).get("code").asString()).isEqualTo("CONFLICT");
		assertThat(body(taken).get("detail").asString()).contains("'orders' is taken");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM dashboard").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void invalidDashboardIsRefusedNamingEveryBadField() throws Exception {
		MvcTestResult refused = api(HttpMethod.POST, "/api/dashboards",
				Map.of("slug", "Orders!", "title", " ", "description", "x".repeat(2001)));

		assertThat(refused).hasStatus(400);
		JsonNode problem = body(refused);
		assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(problem.get("detail").asString()).contains(
				"slug: must be 1 to 64 characters, each a lower-case letter, a digit or '-'", "title: is required",
				"description: must be at most 2000 characters, was 2001");
		assertThat(api(HttpMethod.POST, "/api/dashboards", Map.of("slug", "a".repeat(65), "title", "Long"))).hasStatus(400);
		assertThat(api(HttpMethod.POST, "/api/dashboards", Map.of("slug", "a".repeat(64), "title", "Long"))).hasStatus(201);
	}

	@Test
	void invalidPanelIsRefusedNamingEveryBadField() throws Exception {
		createDashboard("orders", "Orders");

		MvcTestResult refused = api(HttpMethod.POST, "/api/dashboards/orders/panels",
				Map.of("title", "", "dataSourceId", 999_999, "sql", "", "visualization", "pie", "refreshSeconds", 4));
		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("detail").asString()).contains("title: is required",
				"dataSourceId: names no data source: there is none with id 999999", "sql: is required",
				"visualization: must be one of table, line, bar, stat",
				"refreshSeconds: must be from 5 to 86400 seconds (a day), was 4");

		Map<String, Object> chart = new HashMap<>(lineChart("Orders"));
		chart.put("options", Map.of("yColumns", List.of()));
		chart.put("refreshSeconds", 86_401);
		assertThat(body(api(HttpMethod.POST, "/api/dashboards/orders/panels", chart)).get("detail").asString()).contains(
				"options.xColumn: is required for a line chart",
				"options.yColumns: needs at least one column for a line chart", "refreshSeconds: must be from 5 to 86400");

		Map<String, Object> stat = new HashMap<>(lineChart("Orders"));
		stat.put("visualization", "stat");
		assertThat(body(api(HttpMethod.POST, "/api/dashboards/orders/panels", stat)).get("detail").asString())
			.contains("options.valueColumn: is required for a stat");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM panel").query(Integer.class).single()).isZero();
	}

	@Test
	void unknownDashboardsAndPanelsAreNotFound() throws Exception {
		MvcTestResult missing = api(HttpMethod.GET, "/api/dashboards/nothing-here", null);
		assertThat(missing).hasStatus(404);
		assertThat(body(missing).get("code").asString()).isEqualTo("NOT_FOUND");
		assertThat(api(HttpMethod.PUT, "/api/panels/424242", lineChart("Orders"))).hasStatus(404);
		assertThat(api(HttpMethod.POST, "/api/dashboards/nothing-here/panels", lineChart("Orders"))).hasStatus(404);
	}

	@Test
	void reorderPutsThePanelsInTheGivenOrder() throws Exception {
		createDashboard("orders", "Orders");
		long a = addPanel("orders", lineChart("A")).get("id").asLong();
		long b = addPanel("orders", lineChart("B")).get("id").asLong();
		long c = addPanel("orders", lineChart("C")).get("id").asLong();

		MvcTestResult reordered = api(HttpMethod.PUT, "/api/dashboards/orders/panel-order",
				Map.of("version", 1, "panelIds", List.of(c, a, b)));

		assertThat(reordered).hasStatus(200);
		assertThat(body(reordered).get("version").asLong()).isEqualTo(2);
		assertThat(panelIds(body(reordered))).containsExactly(c, a, b);
		assertEditConflict(api(HttpMethod.PUT, "/api/dashboards/orders/panel-order",
				Map.of("version", 1, "panelIds", List.of(a, b, c))));
	}

	@Test
	void reorderThatMissesAPanelAddedSinceIsAnEditConflict() throws Exception {
		createDashboard("orders", "Orders");
		long a = addPanel("orders", lineChart("A")).get("id").asLong();
		long b = addPanel("orders", lineChart("B")).get("id").asLong();
		addPanel("orders", lineChart("Added by somebody else"));

		assertEditConflict(api(HttpMethod.PUT, "/api/dashboards/orders/panel-order",
				Map.of("version", 1, "panelIds", List.of(b, a))));
		assertThat(api(HttpMethod.PUT, "/api/dashboards/orders/panel-order",
				Map.of("version", 1, "panelIds", List.of(b, b)))).hasStatus(400);
	}

	@Test
	void removingAPanelKeepsTheOthersInOrder() throws Exception {
		createDashboard("orders", "Orders");
		long a = addPanel("orders", lineChart("A")).get("id").asLong();
		long b = addPanel("orders", lineChart("B")).get("id").asLong();
		long c = addPanel("orders", lineChart("C")).get("id").asLong();

		assertThat(api(HttpMethod.DELETE, "/api/panels/" + b + "?version=1", null)).hasStatus(204);
		long d = addPanel("orders", lineChart("D")).get("id").asLong();

		JsonNode dashboard = body(api(HttpMethod.GET, "/api/dashboards/orders", null));
		assertThat(panelIds(dashboard)).containsExactly(a, c, d);
		assertThat(dashboard.get("panels").valueStream().map((panel) -> panel.get("position").asInt()))
			.containsExactly(0, 1, 2);
	}

	@Test
	void deletingADashboardDeletesItsPanels() throws Exception {
		createDashboard("orders", "Orders");
		long panel = addPanel("orders", lineChart("A")).get("id").asLong();
		addPanel("orders", lineChart("B"));
		createDashboard("other", "Other");
		long kept = addPanel("other", lineChart("Kept")).get("id").asLong();

		assertThat(api(HttpMethod.DELETE, "/api/dashboards/orders?version=1", null)).hasStatus(204);

		assertThat(api(HttpMethod.GET, "/api/dashboards/orders", null)).hasStatus(404);
		assertThat(this.jdbc.sql("SELECT id FROM panel").query(Long.class).list()).containsExactly(kept);
		assertThat(this.panels.find(panel)).isEmpty();
	}

	@Test
	void everyChangeIsAuditedInItsTransaction() throws Exception {
		createDashboard("orders", "Orders");
		api(HttpMethod.PUT, "/api/dashboards/orders", Map.of("title", "Orders today", "description", "About Orders", "version", 1));
		long a = addPanel("orders", lineChart("A")).get("id").asLong();
		long b = addPanel("orders", lineChart("B")).get("id").asLong();
		Map<String, Object> renamed = new HashMap<>(lineChart("A renamed"));
		renamed.put("version", 1);
		api(HttpMethod.PUT, "/api/panels/" + a, renamed);
		api(HttpMethod.PUT, "/api/dashboards/orders/panel-order", Map.of("version", 2, "panelIds", List.of(b, a)));
		api(HttpMethod.DELETE, "/api/panels/" + b + "?version=1", null);
		api(HttpMethod.DELETE, "/api/dashboards/orders?version=3", null);
		// Refused changes leave no trace.
		api(HttpMethod.PUT, "/api/panels/" + a, renamed);
		api(HttpMethod.POST, "/api/dashboards", Map.of("slug", "BAD", "title", "x"));

		List<Map<String, Object>> entries = this.jdbc
			.sql("SELECT actor, action, subject_type, subject_id, details FROM audit_log ORDER BY id")
			.query()
			.listOfRows();
		assertThat(entries).extracting((entry) -> entry.get("action")).containsExactly("dashboard.create",
				"dashboard.update", "panel.create", "panel.create", "panel.update", "dashboard.reorder", "panel.delete",
				"dashboard.delete");
		assertThat(entries).extracting((entry) -> entry.get("actor")).containsOnly("admin");
		assertThat(entries.get(4)).containsEntry("subject_type", "panel").containsEntry("subject_id", String.valueOf(a));
		JsonNode panelUpdate = json.readTree((String) entries.get(4).get("details"));
		assertThat(panelUpdate.get("changed").propertyNames()).containsExactly("title");
		assertThat(panelUpdate.get("changed").get("title").get("from").asString()).isEqualTo("A");
		assertThat(panelUpdate.get("changed").get("title").get("to").asString()).isEqualTo("A renamed");
		JsonNode reorder = json.readTree((String) entries.get(5).get("details"));
		assertThat(reorder.get("to").valueStream().map(JsonNode::asLong)).containsExactly(b, a);
		JsonNode delete = json.readTree((String) entries.get(7).get("details"));
		assertThat(delete.get("slug").asString()).isEqualTo("orders");
		assertThat(delete.get("panels").valueStream().map(JsonNode::asLong)).containsExactly(a);
	}

	@Test
	@WithMockUser(username = "alice", roles = "EDITOR")
	void auditAndLastChangeNameTheSignedInUser() throws Exception {
		JsonNode dashboard = createDashboard("orders", "Orders");

		assertThat(dashboard.get("updatedBy").asString()).isEqualTo("alice");
		assertThat(this.jdbc.sql("SELECT actor FROM audit_log").query(String.class).single()).isEqualTo("alice");
	}

	@Test
	void panelChangesArePublished() throws Exception {
		createDashboard("orders", "Orders");
		long a = addPanel("orders", lineChart("A")).get("id").asLong();
		long b = addPanel("orders", lineChart("B")).get("id").asLong();
		long c = addPanel("orders", lineChart("C")).get("id").asLong();
		Map<String, Object> edit = new HashMap<>(lineChart("A edited"));
		edit.put("version", 1);
		api(HttpMethod.PUT, "/api/panels/" + a, edit);
		api(HttpMethod.DELETE, "/api/panels/" + b + "?version=1", null);
		api(HttpMethod.PUT, "/api/dashboards/orders/panel-order", Map.of("version", 1, "panelIds", List.of(c, a)));
		api(HttpMethod.DELETE, "/api/dashboards/orders?version=2", null);

		assertThat(this.panelChanges.heard()).containsExactly(new PanelChanged(a, false),
				new PanelChanged(b, false), new PanelChanged(c, false), new PanelChanged(a, false),
				new PanelChanged(b, true), new PanelChanged(c, true), new PanelChanged(a, true));
	}

	@Test
	void otherModulesReadPanelSpecsThatFollowEdits() throws Exception {
		createDashboard("orders", "Orders");
		long a = addPanel("orders", lineChart("A")).get("id").asLong();
		createDashboard("tickets", "Tickets");
		long b = addPanel("tickets", lineChart("B")).get("id").asLong();

		assertThat(this.panels.all()).extracting(PanelSpec::id, PanelSpec::dashboardSlug).containsExactly(
				tuple(a, "orders"), tuple(b, "tickets"));
		Map<String, Object> edit = new HashMap<>(lineChart("A"));
		edit.put("sql", "SELECT 1 AS minute, 2 AS orders");
		edit.put("refreshSeconds", 5);
		edit.put("version", 1);
		api(HttpMethod.PUT, "/api/panels/" + a, edit);

		PanelSpec spec = this.panels.find(a).orElseThrow();
		assertThat(spec.dataSourceId()).isEqualTo(this.dataSourceId);
		assertThat(spec.sql()).isEqualTo("SELECT 1 AS minute, 2 AS orders");
		assertThat(spec.refreshInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(spec.version()).isEqualTo(2);
		assertThat(this.panels.find(424242)).isEmpty();
	}

	private static List<Long> panelIds(JsonNode dashboard) {
		List<Long> ids = new ArrayList<>();
		dashboard.get("panels").forEach((panel) -> ids.add(panel.get("id").asLong()));
		return ids;
	}

	private static void assertEditConflict(MvcTestResult result) throws Exception {
		assertThat(result).hasStatus(409).hasContentType("application/problem+json");
		JsonNode problem = body(result);
		assertThat(problem.get("code").asString()).isEqualTo("EDIT_CONFLICT");
		assertThat(problem.get("type").asString()).isEqualTo("urn:lookout:problem:EDIT_CONFLICT");
		assertThat(problem.get("status").asInt()).isEqualTo(409);
		assertThat(problem.get("detail").asString()).contains("reload");
		assertThat(problem.has("retryAfterSeconds")).isFalse();
	}

}
