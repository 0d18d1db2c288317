package dev.lookout.dashboards;

import java.util.List;
import org.springframework.security.test.context.support.WithMockUser;
import java.util.Map;

import dev.lookout.testsupport.DataSourceRows;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The whole application on a real database, driven through MockMvc with the security filters
 * in place. Each test starts from empty tables and one data source.
 */
@SpringBootTest(properties = "lookout.database.pool-size=2")
@AutoConfigureMockMvc
@Import(PanelChangesHeard.class)
@WithMockUser(username = "admin", roles = "ADMIN")
abstract class DashboardsIntegrationTest {

	static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PanelChangesHeard panelChanges;

	@Autowired
	DefinitionsSync definitionsSync;

	long dataSourceId;

	/** Written behind the application's back, so the version is raised and the read model told, as a change would. */
	@BeforeEach
	void startFromEmptyTables() {
		for (String table : List.of("panel", "dashboard", "audit_log", "data_source")) {
			this.jdbc.sql("DELETE FROM " + table).update();
		}
		this.dataSourceId = DataSourceRows.insert(this.jdbc, "warehouse", "jdbc:h2:mem:warehouse", "sa");
		this.jdbc.sql("UPDATE definitions_version SET version = version + 1").update();
		this.definitionsSync.changed();
		this.panelChanges.clear();
	}

	/** A JSON API call as the page script makes it: CSRF token in the header. */
	MvcTestResult api(HttpMethod method, String uri, Object body) {
		var request = this.mvc.method(method).uri(uri).with(csrf().asHeader()).accept(MediaType.APPLICATION_JSON);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
		}
		return request.exchange();
	}

	static JsonNode body(MvcTestResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

	JsonNode createDashboard(String slug, String title) throws Exception {
		MvcTestResult created = api(HttpMethod.POST, "/api/dashboards",
				Map.of("slug", slug, "title", title, "description", "About " + title));
		assertThat(created).hasStatus(201);
		return body(created);
	}

	JsonNode addPanel(String slug, Map<String, Object> panel) throws Exception {
		MvcTestResult created = api(HttpMethod.POST, "/api/dashboards/" + slug + "/panels", panel);
		assertThat(created).hasStatus(201);
		return body(created);
	}

	/** A valid line chart definition on the test data source. */
	Map<String, Object> lineChart(String title) {
		return Map.of("title", title, "dataSourceId", this.dataSourceId, "sql",
				"SELECT minute, orders FROM orders_per_minute", "visualization", "line", "refreshSeconds", 30,
				"options", Map.of("xColumn", "minute", "yColumns", List.of("orders"), "unit", "orders/min"));
	}

}
