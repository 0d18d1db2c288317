package dev.lookout.datasource;

import java.util.List;
import org.springframework.security.test.context.support.WithMockUser;

import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/** The admin pages: forms that create, edit and delete sources, and never show a password. */
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(username = "admin", roles = "ADMIN")
class DataSourcePagesTest {

	private static TestPostgres.Database database;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	DataSources dataSources;

	@Autowired
	Queries queries;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void createDatabase() {
		database = TestPostgres.get().createDatabase("ds_pages");
	}

	@Test
	void createThroughTheFormStoresTheSourceAndItsPassword() throws Exception {
		MvcTestResult form = this.mvc.get().uri("/admin/datasources/new").accept(MediaType.TEXT_HTML).exchange();
		assertThat(form).hasStatusOk();
		assertThat(html(form)).contains("name=\"_csrf\"", "value=\"30000\"", "New data source");
		assertThat(html(form)).as("the defaults, named next to their fields")
			.contains("default <span>4</span>", "default <span>30000</span>", "default <span>10000</span>");

		String name = Fixtures.uniqueName("form");
		MvcTestResult created = submit(this.mvc.post().uri("/admin/datasources").with(csrf()), name, "2", "5000", "50")
			.param("password", TestPostgres.get().password())
			.exchange();
		assertThat(created).hasStatus3xxRedirection().hasRedirectedUrl("/admin/datasources");
		assertThat(created).flash().containsEntry("notice", "Created data source '" + name + "'.");

		DataSourceDefinition source = stored(name);
		assertThat(source.passwordSet()).isTrue();
		assertThat(source.rowLimit()).isEqualTo(50);
		assertThat(this.queries.run(source.id(), "SELECT 1", QueryPurpose.PREVIEW).rows()).containsExactly(List.of(1L));

		MvcTestResult list = this.mvc.get().uri("/admin/datasources").accept(MediaType.TEXT_HTML).exchange();
		assertThat(html(list)).contains(name, database.jdbcUrl(), "postgresql", "5000 ms")
			.doesNotContain(TestPostgres.get().password());
	}

	@Test
	void formWithoutCsrfTokenIsRefused() throws Exception {
		String name = Fixtures.uniqueName("forged");
		assertThat(submit(this.mvc.post().uri("/admin/datasources"), name, "2", "5000", "50").exchange()).hasStatus(403);
		assertThat(this.dataSources.all()).extracting(DataSourceDefinition::name).doesNotContain(name);
	}

	@Test
	void invalidFormIsShownAgainWithItsMessagesAndWithoutThePassword() throws Exception {
		MvcTestResult result = this.mvc.post()
			.uri("/admin/datasources")
			.with(csrf())
			.accept(MediaType.TEXT_HTML)
			.param("name", "kept <name>")
			.param("jdbcUrl", "jdbc:oracle:thin:@db:1521:orcl")
			.param("password", "typed-secret-value")
			.param("poolSize", "many")
			.param("queryTimeoutMs", "10")
			.param("rowLimit", "")
			.exchange();
		assertThat(result).hasStatus(400);
		assertThat(html(result)).contains("value=\"kept &lt;name&gt;\"", "value=\"many\"",
				"poolSize must be a whole number", "jdbcUrl must start with jdbc:postgresql:",
				"queryTimeoutMs must be between 1000 and 300000 ms, but was 10", "rowLimit is required")
			.doesNotContain("typed-secret-value");
	}

	@Test
	void duplicateNameIsShownOnItsField() throws Exception {
		String name = Fixtures.uniqueName("twin");
		this.dataSources.create(Fixtures.postgres(name, database, 2, 5000, 10));
		MvcTestResult result = submit(this.mvc.post().uri("/admin/datasources").with(csrf()), name, "2", "5000", "10")
			.exchange();
		assertThat(result).hasStatus(409);
		assertThat(html(result)).contains("A data source named &#39;" + name + "&#39; already exists");
	}

	@Test
	void editFormKeepsThePasswordWriteOnly() throws Exception {
		DataSourceDefinition source = this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("edit"), database, 2, 5000, 10)).source();
		MvcTestResult form = this.mvc.get()
			.uri("/admin/datasources/{id}/edit", source.id())
			.accept(MediaType.TEXT_HTML)
			.exchange();
		assertThat(form).hasStatusOk();
		assertThat(html(form)).contains("placeholder=\"unchanged\"", "name=\"version\" value=\"0\"",
				"Remove the stored password", "Test connection",
				// Serialised for a script: even '/' is escaped, so nothing can close the script element.
				"const testUrl = \"\\u002Fapi\\u002Fdatasources\\u002F" + source.id() + "\\u002Ftest\";")
			.doesNotContain(TestPostgres.get().password());

		MvcTestResult saved = submit(this.mvc.post().uri("/admin/datasources/{id}", source.id()).with(csrf()),
				source.name(), "3", "5000", "25")
			.param("version", "0")
			.param("password", "")
			.exchange();
		assertThat(saved).hasStatus3xxRedirection().hasRedirectedUrl("/admin/datasources");
		DataSourceDefinition edited = this.dataSources.get(source.id());
		assertThat(edited.poolSize()).isEqualTo(3);
		assertThat(edited.version()).isEqualTo(1);
		// The database checks the password, so this query proves the empty field kept it.
		assertThat(this.queries.run(source.id(), "SELECT 1", QueryPurpose.PREVIEW).rowLimit()).isEqualTo(25);

		submit(this.mvc.post().uri("/admin/datasources/{id}", source.id()).with(csrf()), source.name(), "3", "5000",
				"25")
			.param("version", "1")
			.param("removePassword", "true")
			.exchange();
		assertThat(this.dataSources.get(source.id()).passwordSet()).isFalse();
	}

	@Test
	void staleEditShowsTheConflictWithTheCurrentValues() throws Exception {
		DataSourceDefinition source = this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("stale"), database, 2, 5000, 10)).source();
		this.dataSources.update(source.id(), Fixtures.edited(source, null, 777));

		MvcTestResult result = submit(this.mvc.post().uri("/admin/datasources/{id}", source.id()).with(csrf()),
				source.name(), "2", "5000", "11")
			.param("version", "0")
			.exchange();
		assertThat(result).hasStatus(409);
		assertThat(html(result)).contains("was changed by somebody else", "The form now shows the current values",
				"value=\"777\"", "name=\"version\" value=\"1\"");
		assertThat(this.dataSources.get(source.id()).rowLimit()).isEqualTo(777);
	}

	@Test
	void deleteThroughTheFormRemovesTheSource() throws Exception {
		DataSourceDefinition source = this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("doomed"), database, 2, 5000, 10)).source();
		MvcTestResult deleted = this.mvc.post()
			.uri("/admin/datasources/{id}/delete", source.id())
			.with(csrf())
			.exchange();
		assertThat(deleted).hasStatus3xxRedirection().hasRedirectedUrl("/admin/datasources");
		assertThat(this.dataSources.find(source.id())).isEmpty();

		MvcTestResult again = this.mvc.get()
			.uri("/admin/datasources/{id}/edit", source.id())
			.accept(MediaType.TEXT_HTML)
			.exchange();
		assertThat(again).hasStatus(404);
		assertThat(html(again)).contains("NOT_FOUND");
	}

	@Test
	void deletingASourceThatPanelsUseShowsWhy() throws Exception {
		DataSourceDefinition source = this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("busy"), database, 2, 5000, 10)).source();
		this.jdbc.sql("CREATE TABLE panel_page_stand_in (data_source_id BIGINT REFERENCES data_source (id))").update();
		try {
			this.jdbc.sql("INSERT INTO panel_page_stand_in VALUES (?)").param(source.id()).update();
			MvcTestResult refused = this.mvc.post()
				.uri("/admin/datasources/{id}/delete", source.id())
				.with(csrf())
				.accept(MediaType.TEXT_HTML)
				.exchange();
			assertThat(refused).hasStatus(409);
			assertThat(html(refused)).contains("is still used by panels", source.name());
		}
		finally {
			this.jdbc.sql("DROP TABLE panel_page_stand_in").update();
		}
	}

	private static MockMvcTester.MockMvcRequestBuilder submit(MockMvcTester.MockMvcRequestBuilder request, String name,
			String poolSize, String queryTimeoutMs, String rowLimit) {
		return request.accept(MediaType.TEXT_HTML)
			.param("name", name)
			.param("jdbcUrl", database.jdbcUrl())
			.param("username", TestPostgres.get().username())
			.param("poolSize", poolSize)
			.param("queryTimeoutMs", queryTimeoutMs)
			.param("rowLimit", rowLimit);
	}

	private DataSourceDefinition stored(String name) {
		return this.dataSources.all().stream().filter((source) -> source.name().equals(name)).findFirst().orElseThrow();
	}

	private static String html(MvcTestResult result) throws Exception {
		return result.getResponse().getContentAsString();
	}

}
