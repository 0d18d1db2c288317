package dev.lookout.datasource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.testsupport.DataSourceRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * With {@code DATASOURCE_ALLOWED_HOSTS} set, a source pointing elsewhere is refused before any
 * connection: not on save, not by "Test connection" (a stolen admin session cannot scan the
 * network with it), not by a query of a source stored before the rule. A listener on loopback
 * counts every connection attempt, and sees none.
 */
@SpringBootTest(properties = "DATASOURCE_ALLOWED_HOSTS=db.internal,10.99.0.0/16")
@AutoConfigureMockMvc
class HostsOutsideTheAllowListAreNeverContactedTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AtomicInteger connections = new AtomicInteger();

	private static ServerSocket listener;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void listen() throws IOException {
		listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!listener.isClosed()) {
				try (Socket ignored = listener.accept()) {
					connections.incrementAndGet();
				}
				catch (IOException ex) {
					// Closed at the end of the class.
				}
			}
		}, "allow-list-listener");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	@AfterAll
	static void close() throws IOException {
		listener.close();
	}

	@Test
	void savingASourceOutsideTheListIsRefusedByItsAddress() throws Exception {
		for (String host : new String[] { "127.0.0.1", "localhost", "127.1", "[::ffff:127.0.0.1]" }) {
			MvcTestResult refused = create("jdbc:postgresql://" + host + ":" + listener.getLocalPort() + "/x");
			assertThat(refused).hasStatus(400);
			assertThat(body(refused).get("detail").asString()).as(host)
				.contains("is outside DATASOURCE_ALLOWED_HOSTS");
		}
		MvcTestResult maria = create("jdbc:mariadb://127.0.0.1:" + listener.getLocalPort() + "/x");
		assertThat(maria).hasStatus(400);
		assertThat(connections.get()).isZero();
	}

	@Test
	void aStoredSourceOutsideTheListIsNeitherTestedNorQueried() throws Exception {
		long id = DataSourceRows.insert(this.jdbc, Fixtures.uniqueName("scan"),
				"jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + "/x", "nobody");
		JsonNode check = body(this.mvc.post()
			.uri("/api/datasources/{id}/test", id)
			.with(csrf())
			.with(user("admin").roles("ADMIN"))
			.accept(MediaType.APPLICATION_JSON)
			.exchange());
		assertThat(check.get("ok").asBoolean()).isFalse();
		assertThat(check.get("refused").asBoolean()).isTrue();
		assertThat(check.get("reason").asString()).contains("outside DATASOURCE_ALLOWED_HOSTS");
		MvcTestResult query = this.mvc.post()
			.uri("/api/query")
			.with(csrf())
			.with(user("editor").roles("EDITOR"))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("dataSourceId", id, "sql", "SELECT 1")))
			.exchange();
		assertThat(query).hasStatus(409);
		assertThat(body(query).get("code").asString()).isEqualTo("DATASOURCE_REFUSED");
		assertThat(connections.get()).isZero();
	}

	/** A listed name is allowed as named; it need not resolve here (the save then notes it was not reached). */
	@Test
	void aListedNameIsAccepted() throws Exception {
		MvcTestResult created = create("jdbc:postgresql://db.internal:5432/x?connectTimeout=1");
		assertThat(created).hasStatus(201);
		assertThat(body(created).get("check").get("ok").asBoolean()).isFalse();
	}

	private MvcTestResult create(String jdbcUrl) {
		return Fixtures.createAsAdmin(this.mvc, Fixtures.sourceBody("hosts", jdbcUrl, "nobody", null));
	}

	private static JsonNode body(MvcTestResult result) throws Exception {
		return Fixtures.body(result);
	}

}
