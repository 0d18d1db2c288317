package dev.lookout.datasource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.TestMariaDb;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * The walls between an editor's SQL and the servers' files, on real PostgreSQL and MariaDB
 * servers: production's rule refuses an account that can reach the database server's files
 * (a superuser, {@code pg_read_server_files}, MariaDB's {@code FILE}), and through an account
 * that may only read, no file function reads or writes anything.
 */
@SpringBootTest(properties = "ALLOW_PRIVILEGED_DATASOURCES=false")
@AutoConfigureMockMvc
class EditorsReachNoServerFileThroughAnySourceTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String READER_PASSWORD = "reader secret";

	private static TestPostgres.Database postgres;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void databases() throws Exception {
		postgres = TestPostgres.get().createDatabase("ds_files");
		Fixtures.execute(postgres, "CREATE TABLE orders (id int)", "INSERT INTO orders VALUES (1)");
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("DROP ROLE IF EXISTS files_reader");
			sql.execute("CREATE ROLE files_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
			sql.execute("DROP ROLE IF EXISTS files_capable");
			sql.execute("CREATE ROLE files_capable LOGIN PASSWORD '" + READER_PASSWORD + "' IN ROLE pg_read_server_files");
		}
		// PostgreSQL 14 still lets everyone create in public, a write the review would warn about.
		try (Connection owner = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
				Statement sql = owner.createStatement()) {
			sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
		}
		Fixtures.execute(postgres, "GRANT SELECT ON orders TO files_reader");
		TestMariaDb mariaDb = TestMariaDb.get();
		mariaDb.execute("CREATE DATABASE IF NOT EXISTS shop", "CREATE TABLE IF NOT EXISTS shop.orders (id INT)");
		mariaDb.createAccount("shop_reader", READER_PASSWORD, "SELECT ON shop.*");
		mariaDb.createAccount("shop_files", READER_PASSWORD, "SELECT ON shop.*", "FILE ON *.*");
	}

	@Test
	void aPostgresSuperuserIsRefusedInProductionsRule() throws Exception {
		MvcTestResult refused = create(source(postgres.jdbcUrl(), "postgres", ""));
		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("detail").asString()).contains("it is a superuser",
				"ALLOW_PRIVILEGED_DATASOURCES=true");
	}

	@Test
	void aMemberOfPgReadServerFilesIsRefused() throws Exception {
		MvcTestResult refused = create(source(postgres.jdbcUrl(), "files_capable", READER_PASSWORD));
		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("detail").asString()).contains("pg_read_server_files");
	}

	@Test
	void aMariaDbAccountWithFileIsRefused() throws Exception {
		MvcTestResult refused = create(source(TestMariaDb.get().jdbcUrl("shop"), "shop_files", READER_PASSWORD));
		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("detail").asString()).contains("FILE on *.*");
	}

	@Test
	void aReadOnlyAccountIsAcceptedWithoutWarnings() throws Exception {
		MvcTestResult created = create(source(postgres.jdbcUrl(), "files_reader", READER_PASSWORD));
		assertThat(created).hasStatus(201);
		assertThat(body(created).get("check").get("ok").asBoolean()).isTrue();
		assertThat(body(created).get("check").get("warnings")).as(body(created).toString()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT pg_read_file('/etc/hostname')", "SELECT pg_read_binary_file('/etc/hostname')",
			"SELECT * FROM pg_ls_dir('.')", "SELECT pg_stat_file('/etc/hostname')", "SELECT lo_import('/etc/hostname')",
			"COPY (SELECT 1) TO '/tmp/lookout-copied'", "SELECT 1; COPY orders FROM PROGRAM 'id'" })
	void throughAPostgresReaderNoFileIsReadOrWritten(String sql) throws Exception {
		long id = id(create(source(postgres.jdbcUrl(), "files_reader", READER_PASSWORD)));
		MvcTestResult refused = previewAsEditor(id, sql);
		assertThat(refused.getResponse().getStatus()).isEqualTo(400);
		assertThat(body(refused).get("code").asString()).isIn("QUERY_FAILED", "VALIDATION_FAILED");
		assertThat(Path.of("/tmp/lookout-copied")).doesNotExist();
	}

	@Test
	void throughAMariaDbReaderNoFileIsReadOrWritten() throws Exception {
		long id = id(create(source(TestMariaDb.get().jdbcUrl("shop"), "shop_reader", READER_PASSWORD)));
		// LOAD_FILE answers NULL, not an error, to an account without FILE.
		JsonNode loaded = body(previewAsEditor(id, "SELECT LOAD_FILE('/etc/hostname') AS content"));
		assertThat(loaded.get("rows").get(0).get(0).isNull()).isTrue();
		Path outfile = Files.createTempDirectory("lookout-outfile").resolve("out.txt");
		for (String sql : new String[] { "SELECT id FROM orders INTO OUTFILE '" + outfile + "'",
				"SELECT id FROM orders INTO DUMPFILE '" + outfile + "'" }) {
			MvcTestResult refused = previewAsEditor(id, sql);
			assertThat(refused.getResponse().getStatus()).isEqualTo(400);
			assertThat(outfile).doesNotExist();
		}
	}

	@Test
	void aStoredPrivilegedSourceIsRefusedWhenItsPoolFirstConnects() throws Exception {
		// Stored while the rule was laxer: the pool reviews the account before any query runs.
		long id = DataSourceRows.insert(this.jdbc, Fixtures.uniqueName("old-superuser"),
				postgres.jdbcUrl(), "postgres");
		MvcTestResult refused = previewAsEditor(id, "SELECT pg_read_file('/etc/hostname')");
		assertThat(refused).hasStatus(409);
		assertThat(body(refused).get("code").asString()).isEqualTo("DATASOURCE_REFUSED");
		assertThat(body(refused).get("detail").asString()).contains("superuser").doesNotContain("localhost");
	}

	/** The same accounts with the operator's explicit consent: accepted, with the reason kept as a warning. */
	@Nested
	@TestPropertySource(properties = "ALLOW_PRIVILEGED_DATASOURCES=true")
	class WithTheFlag {

		@Test
		void aSuperuserIsAcceptedAndWarnedAbout() throws Exception {
			MvcTestResult created = create(source(postgres.jdbcUrl(), "postgres", ""));
			assertThat(created).hasStatus(201);
			assertThat(body(created).get("check").get("warnings").get(0).asString()).contains("it is a superuser",
					"accepted because ALLOW_PRIVILEGED_DATASOURCES is true");
		}

	}

	private static Map<String, Object> source(String jdbcUrl, String username, String password) {
		return Fixtures.sourceBody("files", jdbcUrl, username, password);
	}

	private MvcTestResult create(Map<String, Object> source) {
		return Fixtures.createAsAdmin(this.mvc, source);
	}

	private MvcTestResult previewAsEditor(long id, String sql) {
		return this.mvc.method(HttpMethod.POST)
			.uri("/api/query")
			.with(csrf())
			.with(user("editor").roles("EDITOR"))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("dataSourceId", id, "sql", sql)))
			.exchange();
	}

	private static long id(MvcTestResult created) throws Exception {
		assertThat(created).hasStatus(201);
		return body(created).get("id").asLong();
	}

	private static JsonNode body(MvcTestResult result) throws Exception {
		return Fixtures.body(result);
	}

}
