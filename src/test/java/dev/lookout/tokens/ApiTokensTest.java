package dev.lookout.tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API tokens over real HTTP against a real directory: a token does what its role may through the
 * API with no cookie and no CSRF token, and nothing more; an expired or revoked one is refused at
 * once; a request with a session cookie stays under CSRF whatever bearer it brings; failures are
 * throttled and audited by the token's id; and no table holds a secret. Each test that fails
 * tokens on purpose does so from an address of its own ({@code X-Forwarded-For} from a trusted
 * loopback proxy), as the throttle counts per address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false", "TRUSTED_PROXIES=127.0.0.1/32", "lookout.refresh.tick-interval=250ms" })
class ApiTokensTest implements UsesTheExampleDirectory {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, String> PASSWORDS = Map.of("ada", "ada-Pa55word", "ed", "ed-Pa55word", "vic",
			"vic-Pa55word");

	private static Connection panelDatabase;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource applicationDatabase;

	@BeforeAll
	static void panelData() throws Exception {
		panelDatabase = EmbeddedTestDatabase.create("tokens_panels");
		try (Statement sql = panelDatabase.createStatement()) {
			sql.execute("CREATE TABLE IF NOT EXISTS orders (n INT)");
			sql.execute("INSERT INTO orders VALUES (7)");
		}
	}

	@AfterAll
	static void close() throws Exception {
		panelDatabase.close();
	}

	@Test
	void eachTokenDoesWhatItsRoleMayWithNoCookieAndNoCsrfTokenAndNothingMore() throws Exception {
		String editor = create("ed", "EDITOR", null).get("token").asString();
		String viewer = create("vic", "VIEWER", null).get("token").asString();
		String admin = create("ada", "ADMIN", null).get("token").asString();
		String slug = "tokens-" + System.nanoTime();

		HttpResponse<String> created = bearer(editor, "POST", "/api/dashboards",
				"{\"slug\":\"" + slug + "\",\"title\":\"By token\"}", null);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Set-Cookie")).as("stateless").isEmpty();
		assertThat(json.readTree(created.body()).get("updatedBy").asString()).isEqualTo("ed");
		HttpResponse<String> edited = bearer(editor, "PUT", "/api/dashboards/" + slug,
				"{\"title\":\"Edited by token\",\"version\":1}", null);
		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);

		long source = DataSourceRows.insert(this.jdbc, slug, EmbeddedTestDatabase.url("tokens_panels"),
				EmbeddedTestDatabase.READER);
		HttpResponse<String> panel = bearer(editor, "POST", "/api/dashboards/" + slug + "/panels",
				"{\"title\":\"Orders\",\"dataSourceId\":" + source + ",\"sql\":\"SELECT n FROM orders\","
						+ "\"visualization\":\"stat\",\"refreshSeconds\":10,\"options\":{\"valueColumn\":\"n\"}}",
				null);
		assertThat(panel.statusCode()).as(panel.body()).isEqualTo(201);
		long panelId = json.readTree(panel.body()).get("id").asLong();

		assertThat(bearer(viewer, "GET", "/api/dashboards/" + slug, null, null).body()).contains("Edited by token");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(bearer(viewer, "GET", "/api/panels/" + panelId + "/result", null, null)
				.statusCode()).isEqualTo(200));
		HttpResponse<String> viewerEdit = bearer(viewer, "PUT", "/api/dashboards/" + slug,
				"{\"title\":\"Viewer was here\",\"version\":2}", null);
		assertThat(viewerEdit.statusCode()).isEqualTo(403);
		assertThat(SessionClient.code(viewerEdit)).isEqualTo("FORBIDDEN");

		assertThat(bearer(admin, "GET", "/api/datasources", null, null).statusCode()).isEqualTo(200);
		assertThat(bearer(editor, "GET", "/api/datasources", null, null).statusCode()).isEqualTo(403);
		assertThat(bearer(editor, "GET", "/api/audit", null, null).statusCode()).isEqualTo(403);

		// No privilege chain from a leaked token: it cannot mint another.
		HttpResponse<String> minted = bearer(admin, "POST", "/api/tokens", "{\"name\":\"more\",\"role\":\"VIEWER\"}",
				null);
		assertThat(minted.statusCode()).isEqualTo(403);
		assertThat(SessionClient.code(minted)).isEqualTo("FORBIDDEN");
	}

	@Test
	void aTokensRoleIsAtMostItsCreatorsAndItCarriesTheirGroups() throws Exception {
		SessionClient ed = signedIn("ed");
		HttpResponse<String> tooHigh = ed.post(instance(), "/api/tokens", "{\"name\":\"x\",\"role\":\"ADMIN\"}",
				ed.csrfToken(instance()));
		assertThat(tooHigh.statusCode()).isEqualTo(403);
		JsonNode token = create("ed", "VIEWER", 30);
		assertThat(token.get("role").asString()).isEqualTo("VIEWER");
		assertThat(token.get("groups").toString()).contains("data-team", "lookout-editors");
		assertThat(Instant.parse(token.get("expiresAt").asString()))
			.isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
		HttpResponse<String> mine = bearer(token.get("token").asString(), "GET", "/api/tokens", null, null);
		assertThat(mine.statusCode()).isEqualTo(200);
		assertThat(mine.body()).contains(token.get("id").asString()).doesNotContain(token.get("token").asString());
		assertThat(bearer(token.get("token").asString(), "GET", "/api/tokens?all=true", null, null).statusCode())
			.isEqualTo(403);
	}

	@Test
	void anExpiredTokenIsRefusedAtOnceEvenWhileCached() throws Exception {
		SessionClient ed = signedIn("ed");
		String expiresAt = Instant.now().plusSeconds(3).toString();
		HttpResponse<String> answer = ed.post(instance(), "/api/tokens",
				"{\"name\":\"short\",\"role\":\"VIEWER\",\"expiresAt\":\"" + expiresAt + "\"}", ed.csrfToken(instance()));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		String token = json.readTree(answer.body()).get("token").asString();
		assertThat(bearer(token, "GET", "/api/dashboards", null, "203.0.113.10").statusCode()).isEqualTo(200);
		Thread.sleep(Duration.between(Instant.now(), Instant.parse(expiresAt)).toMillis() + 200);
		HttpResponse<String> expired = bearer(token, "GET", "/api/dashboards", null, "203.0.113.10");
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(SessionClient.code(expired)).isEqualTo("TOKEN_INVALID");
		assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer"));
	}

	@Test
	void aRevokedTokenIsRefusedAtOnceAndAdminsRevokeAnybodys() throws Exception {
		JsonNode token = create("ed", "EDITOR", null);
		String text = token.get("token").asString();
		assertThat(bearer(text, "GET", "/api/dashboards", null, "203.0.113.20").statusCode()).isEqualTo(200);
		SessionClient vic = signedIn("vic");
		HttpResponse<String> notHers = vic.send(instance(), "DELETE", "/api/tokens/" + token.get("id").asString(), null,
				vic.csrfToken(instance()));
		assertThat(notHers.statusCode()).isEqualTo(404);
		assertThat(bearer(text, "GET", "/api/dashboards", null, "203.0.113.20").statusCode()).isEqualTo(200);

		SessionClient ada = signedIn("ada");
		HttpResponse<String> all = ada.get(instance(), "/api/tokens?all=true");
		assertThat(all.body()).contains(token.get("id").asString());
		HttpResponse<String> revoked = ada.send(instance(), "DELETE", "/api/tokens/" + token.get("id").asString(), null,
				ada.csrfToken(instance()));
		assertThat(revoked.statusCode()).isEqualTo(204);
		HttpResponse<String> after = bearer(text, "GET", "/api/dashboards", null, "203.0.113.20");
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(SessionClient.code(after)).isEqualTo("TOKEN_INVALID");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.jdbc
			.sql("SELECT details FROM audit_log WHERE action = 'token.refused' AND subject_id = ?")
			.param(token.get("id").asString())
			.query(String.class)
			.list()).anyMatch((details) -> details.contains("revoked")));
		assertThat(this.jdbc.sql("SELECT actor FROM audit_log WHERE action = 'token.revoke' AND subject_id = ?")
			.param(token.get("id").asString())
			.query(String.class)
			.single()).isEqualTo("ada");
	}

	@Test
	void aRequestWithASessionCookieStaysUnderCsrfWhateverBearerItBrings() throws Exception {
		String editor = create("ed", "EDITOR", null).get("token").asString();
		SessionClient session = signedIn("ed");
		HttpResponse<String> answer = session.exchange(session.request(instance(), "/api/dashboards", "application/json")
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + editor)
			.POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"csrf-" + System.nanoTime() + "\",\"title\":\"x\"}")));
		assertThat(answer.statusCode()).isEqualTo(403);
		assertThat(SessionClient.code(answer)).isEqualTo("CSRF_TOKEN_MISSING");
		// And a bad bearer beside a cookie is not even looked at: the session answers.
		HttpResponse<String> read = session.exchange(session.request(instance(), "/api/dashboards", "application/json")
			.header("Authorization", "Bearer lk_nonsense").GET());
		assertThat(read.statusCode()).isEqualTo(200);
	}

	@Test
	void failuresAreThrottledPerAddressAndAuditedByIdNeverBySecret() throws Exception {
		JsonNode good = create("ed", "VIEWER", null);
		String valid = good.get("token").asString();
		String id = good.get("id").asString();
		String wrongSecret = "lk_" + id + "_" + "A".repeat(43);
		String address = "198.51.100.77";
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> refused = bearer(wrongSecret, "GET", "/api/dashboards", null, address);
			assertThat(refused.statusCode()).as("attempt %d", i + 1).isEqualTo(401);
			assertThat(SessionClient.code(refused)).isEqualTo("TOKEN_INVALID");
			assertThat(json.readTree(refused.body()).get("detail").asString())
				.isEqualTo(dev.lookout.security.BearerTokenRefused.INVALID);
		}
		HttpResponse<String> throttled = bearer(valid, "GET", "/api/dashboards", null, address);
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(SessionClient.code(throttled)).isEqualTo("TOO_MANY_REQUESTS");
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(bearer(valid, "GET", "/api/dashboards", null, "198.51.100.78").statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.jdbc
			.sql("SELECT details FROM audit_log WHERE action = 'token.refused' AND subject_id = ?")
			.param(id)
			.query(String.class)
			.list()).hasSize(1).allMatch((details) -> details.contains("wrong_secret") && details.contains(address)));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE details LIKE ? OR subject_id LIKE ?")
			.params("%" + secretOf(valid) + "%", "%" + secretOf(valid) + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void noTableHoldsATokenSecretInAnyForm() throws Exception {
		List<String> secrets = new ArrayList<>();
		for (String user : List.of("ada", "ed", "vic")) {
			String token = create(user, "VIEWER", 7).get("token").asString();
			bearer(token, "GET", "/api/dashboards", null, null);
			secrets.add(token);
		}
		List<String> forms = new ArrayList<>();
		for (String token : secrets) {
			String secret = secretOf(token);
			byte[] raw = Base64.getUrlDecoder().decode(secret);
			forms.add(token);
			forms.add(secret);
			forms.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
			forms.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)).replace("=", ""));
			forms.add(HexFormat.of().formatHex(raw));
			forms.add(HexFormat.of().withUpperCase().formatHex(raw));
			forms.add(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
		}
		int cells = 0;
		try (Connection connection = this.applicationDatabase.getConnection()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet found = connection.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
				while (found.next()) {
					String schema = found.getString("TABLE_SCHEM");
					if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema)) {
						tables.add("\"" + schema + "\".\"" + found.getString("TABLE_NAME") + "\"");
					}
				}
			}
			assertThat(tables).anyMatch((table) -> table.toLowerCase().contains("api_token"))
				.anyMatch((table) -> table.toLowerCase().contains("audit_log"));
			for (String table : tables) {
				try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery("SELECT * FROM " + table)) {
					ResultSetMetaData columns = rows.getMetaData();
					while (rows.next()) {
						for (int c = 1; c <= columns.getColumnCount(); c++) {
							Object value = rows.getObject(c);
							String text = (value instanceof byte[] bytes)
									? new String(bytes, StandardCharsets.ISO_8859_1) + HexFormat.of().formatHex(bytes)
									: String.valueOf(value);
							cells++;
							for (String form : forms) {
								assertThat(text).as("%s.%s", table, columns.getColumnName(c)).doesNotContain(form);
							}
						}
					}
				}
			}
		}
		assertThat(cells).isPositive();
	}

	@Test
	void thePageCreatesATokenShowsItOnceAndRevokesIt() throws Exception {
		SessionClient vic = signedIn("vic");
		HttpResponse<String> page = vic.exchange(vic.request(instance(), "/tokens", "text/html").GET());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("API tokens", "<option value=\"VIEWER\">").doesNotContain("value=\"EDITOR\"");
		String form = "name=from+the+page&role=VIEWER&expiresInDays=&_csrf="
				+ java.net.URLEncoder.encode(vic.csrfToken(instance()), StandardCharsets.UTF_8);
		HttpResponse<String> created = vic.exchange(vic.request(instance(), "/tokens", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		assertThat(created.statusCode()).isEqualTo(200);
		java.util.regex.Matcher shown = java.util.regex.Pattern.compile("value=\"(lk_[^\"]+)\"").matcher(created.body());
		assertThat(shown.find()).isTrue();
		String token = shown.group(1);
		String id = TokenFormat.parse(token).orElseThrow().id();
		assertThat(bearer(token, "GET", "/api/dashboards", null, "203.0.113.30").statusCode()).isEqualTo(200);
		HttpResponse<String> again = vic.exchange(vic.request(instance(), "/tokens", "text/html").GET());
		assertThat(again.body()).contains(id, "from the page").doesNotContain(token);

		String revoke = "_csrf=" + java.net.URLEncoder.encode(vic.csrfToken(instance()), StandardCharsets.UTF_8);
		HttpResponse<String> revoked = vic.exchange(vic.request(instance(), "/tokens/" + id + "/revoke", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(revoke)));
		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(bearer(token, "GET", "/api/dashboards", null, "203.0.113.30").statusCode()).isEqualTo(401);
	}

	private static String secretOf(String token) {
		return TokenFormat.parse(token).orElseThrow().secret();
	}

	private JsonNode create(String user, String role, Integer days) throws Exception {
		SessionClient client = signedIn(user);
		String body = "{\"name\":\"" + user + " script\",\"role\":\"" + role + "\""
				+ ((days != null) ? ",\"expiresInDays\":" + days : "") + "}";
		HttpResponse<String> answer = client.post(instance(), "/api/tokens", body, client.csrfToken(instance()));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
		return json.readTree(answer.body());
	}

	private SessionClient signedIn(String user) throws Exception {
		SessionClient client = new SessionClient();
		assertThat(client.signIn(instance(), user, PASSWORDS.get(user)).statusCode()).isIn(200, 204);
		return client;
	}

	/** A request as a script sends it: the token, no cookie, no CSRF token; from {@code address} when given. */
	private HttpResponse<String> bearer(String token, String method, String path, String body, String address)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(instance().resolve(path))
			.timeout(Duration.ofSeconds(15))
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + token)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (address != null) {
			request.header("X-Forwarded-For", address);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

}
