package dev.lookout.datasource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.audit.AuditLog;
import dev.lookout.audit.AuditLog.AuditEntry;
import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.security.secrets.SecretNotOpened;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/** The data sources' JSON API over a real PostgreSQL and H2: CRUD, validation, locking, secrecy, audit. */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class DataSourceApiTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static TestPostgres.Database database;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SecretCipher cipher;

	@Autowired
	AuditLog auditLog;

	@Autowired
	RefusedSourcesReport refusedSources;

	@BeforeAll
	static void createDatabase() throws Exception {
		database = TestPostgres.get().createDatabase("ds_api");
		Fixtures.execute(database, "CREATE TABLE visits (day date, n int)",
				"INSERT INTO visits VALUES (DATE '2024-05-01', 7)");
	}

	@Test
	void createsReadsEditsAndDeletesASourceThroughTheApi() throws Exception {
		String name = Fixtures.uniqueName("crud");
		MvcTestResult created = call(HttpMethod.POST, "/api/datasources", postgres(name));
		assertThat(created).hasStatus(201);
		JsonNode source = body(created);
		long id = source.get("id").asLong();
		assertThat(created).hasHeader("Location", "http://localhost/api/datasources/" + id);
		assertThat(source.get("name").asString()).isEqualTo(name);
		assertThat(source.get("kind").asString()).isEqualTo("postgresql");
		assertThat(source.get("jdbcUrl").asString()).isEqualTo(database.jdbcUrl());
		assertThat(source.get("username").asString()).isEqualTo("lookout");
		assertThat(source.get("passwordSet").asBoolean()).isTrue();
		assertThat(source.has("password")).isFalse();
		assertThat(source.get("poolSize").asInt()).isEqualTo(2);
		assertThat(source.get("queryTimeoutMs").asLong()).isEqualTo(5000);
		assertThat(source.get("rowLimit").asInt()).isEqualTo(100);
		assertThat(source.get("version").asLong()).isZero();
		assertThat(source.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z");

		// Saving connected: the account was reviewed (the test user owns its database, so it can write).
		assertThat(source.get("check").get("ok").asBoolean()).isTrue();
		assertThat(source.get("check").get("warnings").get(0).asString()).startsWith("the account can write");
		((ObjectNode) source).remove("check");
		assertThat(body(call(HttpMethod.GET, "/api/datasources/" + id, null))).isEqualTo(source);
		assertThat(body(call(HttpMethod.GET, "/api/datasources", null)).valueStream()
			.map((each) -> each.get("name").asString())).contains(name);

		Map<String, Object> edit = postgres(name + "-renamed");
		edit.remove("password");
		edit.put("rowLimit", 5);
		edit.put("version", 0);
		JsonNode edited = body(call(HttpMethod.PUT, "/api/datasources/" + id, edit));
		assertThat(edited.get("name").asString()).isEqualTo(name + "-renamed");
		assertThat(edited.get("rowLimit").asInt()).isEqualTo(5);
		assertThat(edited.get("version").asLong()).isEqualTo(1);

		assertThat(call(HttpMethod.DELETE, "/api/datasources/" + id, null)).hasStatus(204);
		MvcTestResult gone = call(HttpMethod.GET, "/api/datasources/" + id, null);
		assertThat(gone).hasStatus(404);
		assertThat(body(gone).get("code").asString()).isEqualTo("NOT_FOUND");
		assertThat(call(HttpMethod.DELETE, "/api/datasources/" + id, null)).hasStatus(404);
	}

	/** H2 runs inside Lookout: whatever the spelling, an admin cannot add one, and nothing is stored. */
	@ParameterizedTest
	@ValueSource(strings = { "jdbc:h2:mem:reports", "jdbc:h2:file:/tmp/lookout-any", "jdbc:h2:zip:/tmp/x.zip!/db",
			"jdbc:h2:tcp://127.0.0.1:9092/~/db", "jdbc:h2:mem:x;\\INIT=RUNSCRIPT FROM 'x'", "jdbc:h2:./data/lookout",
			"jdbc:h2:MEM:x;In\\it=CREATE ALIAS" })
	void h2SourcesAreRefusedWithTheWayToARealDatabase(String jdbcUrl) throws Exception {
		Map<String, Object> h2 = postgres(Fixtures.uniqueName("h2"));
		h2.put("jdbcUrl", jdbcUrl);
		h2.put("username", "sa");
		MvcTestResult refused = call(HttpMethod.POST, "/api/datasources", h2);
		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("detail").asString()).contains("H2 data sources are not allowed",
				"jdbc:postgresql://host:5432/database");
		assertThat(body(call(HttpMethod.GET, "/api/datasources", null)).valueStream()
			.map((each) -> each.get("name").asString())).doesNotContain((String) h2.get("name"));
	}

	/** A source stored before H2 was refused is never opened: marked refused, its queries answered with why. */
	@Test
	void anH2SourceStoredBeforeTheRuleIsRefusedNotOpened(CapturedOutput output) throws Exception {
		String name = Fixtures.uniqueName("old-h2");
		long id = DataSourceRows.insert(this.jdbc, name, "jdbc:h2:mem:ds_api_old", "sa");
		// What happens at every start: the log names it.
		this.refusedSources.report();
		assertThat(output).contains("Data source '" + name + "' (id " + id + ") is refused and will not be opened");
		JsonNode listed = body(call(HttpMethod.GET, "/api/datasources/" + id, null));
		assertThat(listed.get("refusal").asString()).startsWith("H2 data sources are not allowed");
		MvcTestResult query = call(HttpMethod.POST, "/api/query",
				Map.of("dataSourceId", id, "sql", "SELECT * FROM CSVREAD('data/secret.key')"));
		assertThat(query).hasStatus(409);
		assertThat(body(query).get("code").asString()).isEqualTo("DATASOURCE_REFUSED");
		JsonNode check = body(call(HttpMethod.POST, "/api/datasources/" + id + "/test", null));
		assertThat(check.get("ok").asBoolean()).isFalse();
		assertThat(check.get("refused").asBoolean()).isTrue();
	}

	@Test
	void passwordIsSealedAtRestAndOpensOnlyForItsOwnRecord() throws Exception {
		long id = body(call(HttpMethod.POST, "/api/datasources", postgres(Fixtures.uniqueName("sealed"))))
			.get("id")
			.asLong();
		String sealed = this.jdbc.sql("SELECT password_sealed FROM data_source WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(sealed).startsWith("v1.").doesNotContain(TestPostgres.get().password(), "p@ss");
		assertThat(this.cipher.open(sealed, "datasource:" + id + ":password")).isEqualTo(TestPostgres.get().password());
		assertThatExceptionOfType(SecretNotOpened.class)
			.isThrownBy(() -> this.cipher.open(sealed, "datasource:" + (id + 1) + ":password"));
	}

	@Test
	void editWithoutPasswordKeepsItAndEmptyPasswordRemovesIt() throws Exception {
		long id = body(call(HttpMethod.POST, "/api/datasources", postgres(Fixtures.uniqueName("keep"))))
			.get("id")
			.asLong();
		Map<String, Object> edit = postgres(Fixtures.uniqueName("kept"));
		edit.remove("password");
		edit.put("version", 0);
		assertThat(body(call(HttpMethod.PUT, "/api/datasources/" + id, edit)).get("passwordSet").asBoolean()).isTrue();
		// PostgreSQL checks the password (SCRAM), so a query proves the stored one survived the edit.
		assertThat(call(HttpMethod.POST, "/api/query", Map.of("dataSourceId", id, "sql", "SELECT n FROM visits")))
			.hasStatus(200);

		edit.put("password", "");
		edit.put("version", 1);
		assertThat(body(call(HttpMethod.PUT, "/api/datasources/" + id, edit)).get("passwordSet").asBoolean())
			.isFalse();
		MvcTestResult refused = call(HttpMethod.POST, "/api/query", Map.of("dataSourceId", id, "sql", "SELECT 1"));
		assertThat(refused).hasStatus(503);
		assertThat(body(refused).get("detail").asString()).contains("password");
	}

	@Test
	void staleVersionIsAnEditConflict() throws Exception {
		String name = Fixtures.uniqueName("race");
		long id = body(call(HttpMethod.POST, "/api/datasources", postgres(name))).get("id").asLong();
		Map<String, Object> first = postgres(name);
		first.put("rowLimit", 1);
		first.put("version", 0);
		assertThat(call(HttpMethod.PUT, "/api/datasources/" + id, first)).hasStatus(200);
		Map<String, Object> second = postgres(name);
		second.put("rowLimit", 2);
		second.put("version", 0);
		MvcTestResult conflict = call(HttpMethod.PUT, "/api/datasources/" + id, second);
		assertThat(conflict).hasStatus(409);
		JsonNode problem = body(conflict);
		assertThat(problem.get("code").asString()).isEqualTo("EDIT_CONFLICT");
		assertThat(problem.get("detail").asString()).contains("since version 0", "now at version 1");
		assertThat(body(call(HttpMethod.GET, "/api/datasources/" + id, null)).get("rowLimit").asInt()).isEqualTo(1);

		second.remove("version");
		assertThat(body(call(HttpMethod.PUT, "/api/datasources/" + id, second)).get("detail").asString())
			.contains("version is required");
	}

	@Test
	void aNewSourceGetsTheDefaultsForWhatItLeavesOut() throws Exception {
		Map<String, Object> bare = postgres(Fixtures.uniqueName("defaults"));
		bare.remove("poolSize");
		bare.remove("queryTimeoutMs");
		bare.remove("rowLimit");
		MvcTestResult created = call(HttpMethod.POST, "/api/datasources", bare);
		assertThat(created).hasStatus(201);
		JsonNode source = body(created);
		assertThat(source.get("poolSize").asInt()).isEqualTo(4);
		assertThat(source.get("queryTimeoutMs").asLong()).isEqualTo(30_000);
		assertThat(source.get("rowLimit").asInt()).isEqualTo(10_000);
		// The same values the new-source form shows.
		assertThat(page("/admin/datasources/new")).contains("value=\"4\"", "value=\"30000\"", "value=\"10000\"");

		// An edit still names every value: a missing one is not reset to its default.
		Map<String, Object> edit = new HashMap<>(bare);
		edit.put("version", 0);
		MvcTestResult incomplete = call(HttpMethod.PUT, "/api/datasources/" + source.get("id").asLong(), edit);
		assertThat(incomplete).hasStatus(400);
		assertThat(body(incomplete).get("detail").asString()).contains("poolSize is required", "queryTimeoutMs is required",
				"rowLimit is required");
	}

	@Test
	void invalidValuesAreRefusedWithEveryProblemNamed() throws Exception {
		Map<String, Object> invalid = new HashMap<>();
		invalid.put("name", " ");
		invalid.put("jdbcUrl", "jdbc:oracle:thin:scott/tiger@db:1521:orcl");
		invalid.put("poolSize", 0);
		invalid.put("queryTimeoutMs", 500);
		invalid.put("rowLimit", 100_001);
		MvcTestResult result = call(HttpMethod.POST, "/api/datasources", invalid);
		assertThat(result).hasStatus(400);
		JsonNode problem = body(result);
		assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(problem.get("detail").asString()).contains("name is required",
				"jdbcUrl must start with jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, but starts with 'jdbc:oracle:'",
				"poolSize must be between 1 and 50, but was 0",
				"queryTimeoutMs must be between 1000 and 300000 ms, but was 500",
				"rowLimit must be between 1 and 100000, but was 100001")
			.doesNotContain("tiger");

		Map<String, Object> codeLoading = postgres(Fixtures.uniqueName("evil"));
		codeLoading.put("jdbcUrl", "jdbc:postgresql://127.0.0.1/x?socketFactory=org.example.Evil");
		assertThat(body(call(HttpMethod.POST, "/api/datasources", codeLoading)).get("detail").asString())
			.contains("must not set the parameter 'socketFactory'");
		assertThat(body(call(HttpMethod.GET, "/api/datasources", null)).valueStream()
			.map((each) -> each.get("name").asString())).doesNotContain((String) codeLoading.get("name"));
	}

	@Test
	void duplicateNameIsAConflict() throws Exception {
		String name = Fixtures.uniqueName("twice");
		assertThat(call(HttpMethod.POST, "/api/datasources", postgres(name))).hasStatus(201);
		MvcTestResult again = call(HttpMethod.POST, "/api/datasources", postgres(name));
		assertThat(again).hasStatus(409);
		assertThat(body(again).get("code").asString()).isEqualTo("CONFLICT");
		assertThat(body(again).get("detail").asString()).contains("'" + name + "' already exists");
	}

	@Test
	void everyChangeIsAuditedWithItsActorAndWithoutThePassword() throws Exception {
		String name = Fixtures.uniqueName("audited");
		long id = body(call(HttpMethod.POST, "/api/datasources", postgres(name), "alice")).get("id").asLong();
		Map<String, Object> edit = postgres(name);
		edit.put("version", 0);
		call(HttpMethod.PUT, "/api/datasources/" + id, edit, "admin");
		call(HttpMethod.DELETE, "/api/datasources/" + id, null, "bob");

		List<AuditEntry> entries = this.auditLog.recent(50)
			.stream()
			.filter((entry) -> String.valueOf(id).equals(entry.subjectId()) && "datasource".equals(entry.subjectType()))
			.toList();
		assertThat(entries).extracting(AuditEntry::action, AuditEntry::actor)
			.containsExactly(tuple("datasource.delete", "bob"),
					tuple("datasource.update", "admin"),
					tuple("datasource.create", "alice"));
		assertThat(json.readTree(entries.get(2).details()).get("password").asString()).isEqualTo("set");
		assertThat(json.readTree(entries.get(1).details()).get("password").asString()).isEqualTo("changed");
		assertThat(entries).allSatisfy((entry) -> assertThat(entry.details()).doesNotContain("p@ss"));
	}

	/**
	 * The password through every path that could show it: answers, pages, the audit log, and
	 * the log with the pools, JDBC and our own code at debug level.
	 */
	@Test
	void passwordNeverAppearsInAnyResponseOrLog(CapturedOutput output) throws Exception {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		List<String> loggers = List.of("com.zaxxer.hikari", "org.springframework.jdbc", "dev.lookout");
		loggers.forEach((logger) -> logging.setLogLevel(logger, LogLevel.DEBUG));
		try {
			String name = Fixtures.uniqueName("secret");
			List<String> answers = new ArrayList<>();
			MvcTestResult created = call(HttpMethod.POST, "/api/datasources", postgres(name));
			answers.add(created.getResponse().getContentAsString());
			long id = body(created).get("id").asLong();
			answers.add(call(HttpMethod.GET, "/api/datasources/" + id, null).getResponse().getContentAsString());
			answers.add(call(HttpMethod.GET, "/api/datasources", null).getResponse().getContentAsString());
			answers.add(call(HttpMethod.POST, "/api/query", Map.of("dataSourceId", id, "sql", "SELECT * FROM visits"))
				.getResponse()
				.getContentAsString());
			answers.add(call(HttpMethod.POST, "/api/datasources/" + id + "/test", null).getResponse()
				.getContentAsString());
			Map<String, Object> edit = postgres(name);
			edit.put("version", 0);
			answers.add(call(HttpMethod.PUT, "/api/datasources/" + id, edit).getResponse().getContentAsString());
			edit.put("poolSize", 0);
			answers.add(call(HttpMethod.PUT, "/api/datasources/" + id, edit).getResponse().getContentAsString());
			answers.add(page("/admin/datasources"));
			answers.add(page("/admin/datasources/" + id + "/edit"));
			answers.add(this.auditLog.recent(20).toString());

			assertThat(answers).allSatisfy((answer) -> assertThat(answer).isNotBlank().doesNotContain("p@ss"));
			assertThat(output.getAll()).contains("lookout-ds-").doesNotContain("p@ss");
		}
		finally {
			loggers.forEach((logger) -> logging.setLogLevel(logger, null));
		}
	}

	@Test
	void deletingASourceThatPanelsUseIsAConflict() throws Exception {
		String name = Fixtures.uniqueName("used");
		long id = body(call(HttpMethod.POST, "/api/datasources", postgres(name))).get("id").asLong();
		// Stands in for the dashboards module's panel table, which refers to its data source.
		this.jdbc.sql("CREATE TABLE panel_stand_in (data_source_id BIGINT REFERENCES data_source (id))").update();
		try {
			this.jdbc.sql("INSERT INTO panel_stand_in VALUES (?)").param(id).update();
			MvcTestResult refused = call(HttpMethod.DELETE, "/api/datasources/" + id, null);
			assertThat(refused).hasStatus(409);
			assertThat(body(refused).get("code").asString()).isEqualTo("CONFLICT");
			assertThat(body(refused).get("detail").asString()).contains("'" + name + "' is still used by panels");
			assertThat(call(HttpMethod.GET, "/api/datasources/" + id, null)).hasStatus(200);
		}
		finally {
			this.jdbc.sql("DROP TABLE panel_stand_in").update();
		}
	}

	private static Map<String, Object> postgres(String name) {
		TestPostgres postgres = TestPostgres.get();
		return new HashMap<>(Map.of("name", name, "jdbcUrl", database.jdbcUrl(), "username", postgres.username(),
				"password", postgres.password(), "poolSize", 2, "queryTimeoutMs", 5000, "rowLimit", 100));
	}

	private MvcTestResult call(HttpMethod method, String uri, Object body) {
		return call(method, uri, body, "admin");
	}

	private MvcTestResult call(HttpMethod method, String uri, Object body, String userName) {
		MockMvcTester.MockMvcRequestBuilder request = this.mvc.method(method)
			.uri(uri)
			.with(csrf())
			.accept(MediaType.APPLICATION_JSON);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
		}
		request.with(user(userName).roles("ADMIN"));
		return request.exchange();
	}

	private String page(String uri) throws Exception {
		return this.mvc.get()
			.uri(uri)
			.with(user("admin").roles("ADMIN"))
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.getResponse()
			.getContentAsString();
	}

	private static JsonNode body(MvcTestResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

}
