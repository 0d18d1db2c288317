package dev.lookout.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ReloadReport;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The provisioning directory ({@code DASHBOARDS_DIR}): its data source (password from a secret
 * file) and dashboards are applied at start, marked provisioned and refused to the API; a reload
 * applies them again and changes nothing; each bad file (a syntax error, an unknown data source, a
 * password in the file) is refused with its name and line, nothing of it in the database, while
 * the good files are applied; a changed file is applied on the next reload.
 */
@SpringBootTest(properties = "lookout.database.pool-size=2")
@AutoConfigureMockMvc
@Import(ProvisioningDirectoryTest.Database.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithMockUser(username = "admin", roles = "ADMIN")
class ProvisioningDirectoryTest {

	static final String DATABASE = "provisioned";

	static final JsonMapper json = JsonMapper.builder().build();

	static final Path directory = temporaryDirectory();

	@DynamicPropertySource
	static void provisioningDirectory(DynamicPropertyRegistry registry) throws IOException {
		Path password = Files.writeString(Files.createTempDirectory("lookout-secret").resolve("warehouse-password"),
				"s3cret-from-a-file\n");
		write("01-warehouse.yaml", """
				kind: datasource
				name: Warehouse
				url: %s
				username: %s
				passwordFile: %s
				poolSize: 2
				queryTimeoutMs: 5000
				""".formatted(EmbeddedTestDatabase.url(DATABASE), EmbeddedTestDatabase.READER, password));
		write("shop.yaml", """
				kind: dashboard
				slug: shop
				title: Shop, live
				description: Orders as they come in.
				variables:
				  - name: region
				    type: list
				    multi: true
				    optionsQuery: {dataSource: Warehouse, sql: SELECT DISTINCT region FROM orders}
				    default: [east, west]
				timeRange: {label: Period, from: now-30m, to: now}
				panels:
				  - title: Orders
				    dataSource: Warehouse
				    sql: SELECT COUNT(*) AS orders FROM orders WHERE region IN (:region) AND created_at >= :from
				    visualization: stat
				    options: {valueColumn: orders, unit: orders}
				    refreshSeconds: 5
				  - title: Latest orders
				    dataSource: Warehouse
				    sql: SELECT id, region FROM orders WHERE region IN (:region)
				    visualization: table
				    refreshSeconds: 10
				""");
		write("broken-syntax.yml", """
				kind: dashboard
				slug: broken
				title: a title: with a colon
				panels: []
				""");
		write("unknown-source.yaml", """
				kind: dashboard
				slug: ghost
				title: Ghost
				panels:
				  - title: Nothing
				    sql: SELECT 1 AS one
				    dataSource: Nowhere
				    visualization: table
				    refreshSeconds: 5
				""");
		write("with-password.yaml", """
				kind: datasource
				name: Leaky
				url: jdbc:postgresql://db.example.com:5432/shop
				password: hunter2
				""");
		write("notes.txt", "not a provisioning file");
		registry.add("lookout.dashboards.dir", directory::toString);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ProvisioningDirectory provisioning;

	@Autowired
	ReloadCoordinator reloads;

	@Test
	@Order(1)
	void theGoodFilesAreAppliedAtStartMarkedAndTheirPasswordSealed() {
		assertThat(this.jdbc.sql("SELECT provisioned_from FROM data_source WHERE name = 'Warehouse'")
			.query(String.class)
			.single()).isEqualTo("01-warehouse.yaml");
		String sealed = this.jdbc.sql("SELECT password_sealed FROM data_source WHERE name = 'Warehouse'")
			.query(String.class)
			.single();
		assertThat(sealed).isNotNull().doesNotContain("s3cret");
		assertThat(this.jdbc.sql("SELECT provisioned_from FROM dashboard WHERE slug = 'shop'").query(String.class).single())
			.isEqualTo("shop.yaml");
		assertThat(this.jdbc.sql("SELECT title FROM panel ORDER BY position").query(String.class).list())
			.containsExactly("Orders", "Latest orders");
		assertThat(outcomes()).containsEntry("01-warehouse.yaml", "created").containsEntry("shop.yaml", "created");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'provisioning:shop.yaml'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	@Order(2)
	void eachBadFileIsRefusedWithItsNameAndLineAndNothingOfItIsApplied() {
		assertThat(outcomes().get("broken-syntax.yml")).startsWith("refused: broken-syntax.yml, line 3: is not valid YAML");
		assertThat(outcomes().get("unknown-source.yaml"))
			.startsWith("refused: unknown-source.yaml, line 7, panels[0].dataSource: names no data source 'Nowhere'");
		assertThat(outcomes().get("with-password.yaml"))
			.startsWith("refused: with-password.yaml, line 4, password: must not be in the file");
		assertThat(outcomes()).doesNotContainKey("notes.txt");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM dashboard WHERE slug IN ('broken', 'ghost')")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM data_source WHERE name = 'Leaky'").query(Long.class).single())
			.isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor LIKE 'provisioning:%' AND actor NOT IN"
				+ " ('provisioning:shop.yaml', 'provisioning:01-warehouse.yaml')").query(Long.class).single()).isZero();
	}

	@Test
	@Order(3)
	void aReloadAppliesTheDirectoryAgainAndChangesNothing() {
		Map<String, Object> before = state();
		ReloadReport report = this.reloads.reload("test");
		assertThat(report.succeeded()).as(report.describe()).isTrue();
		assertThat(outcomes()).containsEntry("01-warehouse.yaml", "unchanged").containsEntry("shop.yaml", "unchanged");
		assertThat(state()).isEqualTo(before);
	}

	@Test
	@Order(4)
	void theApiRefusesChangesToAProvisionedDashboardAndDataSource() throws Exception {
		long version = this.jdbc.sql("SELECT version FROM dashboard WHERE slug = 'shop'").query(Long.class).single();
		MvcTestResult put = this.mvc.put()
			.uri("/api/dashboards/shop")
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("title", "Changed here", "version", version)))
			.accept(MediaType.APPLICATION_JSON)
			.exchange();
		assertThat(put).hasStatus(409);
		JsonNode problem = json.readTree(put.getResponse().getContentAsString());
		assertThat(problem.get("code").asString()).isEqualTo("PROVISIONED");
		assertThat(problem.get("detail").asString()).contains("shop.yaml");
		long panel = this.jdbc.sql("SELECT MIN(id) FROM panel").query(Long.class).single();
		assertThat(this.mvc.delete()
			.uri("/api/panels/" + panel + "?version=1")
			.with(csrf().asHeader())
			.accept(MediaType.APPLICATION_JSON)
			.exchange()).hasStatus(409);
		long source = this.jdbc.sql("SELECT id FROM data_source WHERE name = 'Warehouse'").query(Long.class).single();
		assertThat(this.mvc.delete()
			.uri("/api/datasources/" + source)
			.with(csrf().asHeader())
			.accept(MediaType.APPLICATION_JSON)
			.exchange()).hasStatus(409);
		assertThat(this.jdbc.sql("SELECT title FROM dashboard WHERE slug = 'shop'").query(String.class).single())
			.isEqualTo("Shop, live");
		// The editor says where to change it.
		MvcTestResult editor = this.mvc.get().uri("/d/shop/edit").accept(MediaType.TEXT_HTML).exchange();
		assertThat(editor).hasStatus(200);
		assertThat(editor.getResponse().getContentAsString()).contains("Provisioned from <code>shop.yaml</code>");
	}

	@Test
	@Order(5)
	void aChangedFileIsAppliedOnTheNextReload() throws IOException {
		Path shop = directory.resolve("shop.yaml");
		Files.writeString(shop, Files.readString(shop).replace("title: Shop, live", "title: Shop, from git"));
		long version = this.jdbc.sql("SELECT version FROM dashboard WHERE slug = 'shop'").query(Long.class).single();
		this.reloads.reload("test");
		assertThat(outcomes()).containsEntry("shop.yaml", "updated");
		assertThat(this.jdbc.sql("SELECT title FROM dashboard WHERE slug = 'shop'").query(String.class).single())
			.isEqualTo("Shop, from git");
		assertThat(this.jdbc.sql("SELECT version FROM dashboard WHERE slug = 'shop'").query(Long.class).single())
			.isEqualTo(version + 1);
	}

	/** Each file's outcome, a refusal with its reason. */
	private Map<String, String> outcomes() {
		return this.provisioning.last()
			.orElseThrow()
			.files()
			.stream()
			.collect(Collectors.toMap(ProvisioningReport.FileOutcome::file, ProvisioningReport.FileOutcome::describe));
	}

	/** Everything a re-applied directory could change. */
	private Map<String, Object> state() {
		return Map.of("dashboards", rows("SELECT slug, version, updated_at, provisioned_from FROM dashboard ORDER BY id"),
				"panels", rows("SELECT id, position, version, updated_at FROM panel ORDER BY id"), "sources",
				rows("SELECT id, version, updated_at, password_sealed FROM data_source ORDER BY id"), "audit",
				rows("SELECT COUNT(*) FROM audit_log"), "definitions", rows("SELECT version FROM definitions_version"));
	}

	private List<Map<String, Object>> rows(String sql) {
		return this.jdbc.sql(sql).query().listOfRows();
	}

	private static void write(String name, String text) throws IOException {
		Files.writeString(directory.resolve(name), text);
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("lookout-dashboards");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static class Database {

		@Bean
		EmbeddedDataSource provisionedDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

	}

}
