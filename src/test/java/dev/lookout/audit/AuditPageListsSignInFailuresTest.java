package dev.lookout.audit;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Sign-ins, their failures, sign-outs and reloads reach the audit log that admins read, over real
 * HTTP against a real directory (UnboundID, started here); and a sign-in is answered on its own
 * merits while the audit log cannot be written. Few failures per test: they all come from one
 * address, which the throttle locks after twenty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false" })
class AuditPageListsSignInFailuresTest implements UsesTheExampleDirectory {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String HTML = "text/html";

	private static final Duration WRITTEN = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void anAdminSeesSignInFailuresWithTheirReasonInTheApiAndOnThePage() throws Exception {
		assertThat(new SessionClient().signIn(instance(), "ed", "not-eds-password").statusCode()).isEqualTo(401);
		String longName = "nobody-" + "x".repeat(300);
		assertThat(new SessionClient().signIn(instance(), longName, "whatever-1").statusCode()).isEqualTo(401);
		SessionClient admin = signedIn("ada");

		await().atMost(WRITTEN).untilAsserted(() -> assertThat(failures(admin, "ed")).isNotEmpty());
		JsonNode wrong = failures(admin, "ed").get(0);
		assertThat(wrong.get("actor").asString()).isEqualTo("anonymous");
		assertThat(wrong.get("subjectType").asString()).isEqualTo("user");
		assertThat(wrong.get("details").get("reason").asString()).isEqualTo("wrong_password");
		assertThat(wrong.get("details").get("address").asString()).isEqualTo("127.0.0.1");
		String truncated = longName.substring(0, 255);
		await().atMost(WRITTEN).untilAsserted(() -> assertThat(failures(admin, truncated)).hasSize(1));
		assertThat(failures(admin, truncated).get(0).get("details").get("reason").asString()).isEqualTo("unknown_user");
		assertThat(this.jdbc.sql("SELECT details FROM audit_log").query(String.class).list())
			.noneMatch((details) -> details.contains("not-eds-password") || details.contains("whatever-1"));

		HttpResponse<String> page = admin
			.exchange(admin.request(instance(), "/admin/audit?action=login.failed&subjectId=ed", HTML).GET());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Audit log", "login.failed", "wrong_password", "href=\"/admin/audit\"");
	}

	@Test
	void viewersAndEditorsAreRefused() throws Exception {
		for (String user : List.of("vic", "ed")) {
			SessionClient client = signedIn(user);
			HttpResponse<String> api = client.get(instance(), "/api/audit");
			assertThat(api.statusCode()).as(user).isEqualTo(403);
			assertThat(SessionClient.code(api)).as(user).isEqualTo("FORBIDDEN");
			HttpResponse<String> page = client.exchange(client.request(instance(), "/admin/audit", HTML).GET());
			assertThat(page.statusCode()).as(user).isEqualTo(403);
			assertThat(page.body()).as(user).doesNotContain("login.succeeded");
		}
	}

	@Test
	void signOutsAndReloadsAppear() throws Exception {
		SessionClient admin = signedIn("ada");
		HttpResponse<String> reload = admin.post(instance(), "/api/admin/runtime/reload", "", admin.csrfToken(instance()));
		assertThat(reload.statusCode()).isEqualTo(200);
		SessionClient viewer = signedIn("vic");
		assertThat(viewer.post(instance(), "/logout", "", viewer.csrfToken(instance())).statusCode()).isEqualTo(204);

		await().atMost(WRITTEN).untilAsserted(() -> {
			JsonNode reloads = entries(admin, "/api/audit?action=runtime.reload&actor=ada");
			assertThat(reloads).isNotEmpty();
			JsonNode details = reloads.get(0).get("details");
			assertThat(details.get("via").asString()).isEqualTo("api");
			assertThat(details.get("outcome").asString()).isEqualTo("succeeded");
			assertThat(details.get("totalMs").isNumber()).isTrue();
			assertThat(entries(admin, "/api/audit?action=logout&actor=vic")).isNotEmpty();
		});
	}

	@Test
	void aSignInIsAnsweredOnItsOwnMeritsWhileTheAuditLogCannotBeWritten() throws Exception {
		double failedWrites = failedWrites();
		this.jdbc.sql("ALTER TABLE audit_log RENAME TO audit_log_away").update();
		try {
			assertThat(new SessionClient().signIn(instance(), "vic", "not-vics-password").statusCode()).isEqualTo(401);
			HttpResponse<String> admin = new SessionClient().signIn(instance(), "ada", "ada-Pa55word");
			assertThat(admin.statusCode()).isEqualTo(200);
			assertThat(json.readTree(admin.body()).get("username").asString()).isEqualTo("ada");
			await().atMost(WRITTEN).until(() -> failedWrites() >= failedWrites + 2);
		}
		finally {
			this.jdbc.sql("ALTER TABLE audit_log_away RENAME TO audit_log").update();
		}
	}

	private SessionClient signedIn(String user) throws Exception {
		SessionClient client = new SessionClient();
		assertThat(client.signIn(instance(), user, user + "-Pa55word").statusCode()).as(user).isEqualTo(200);
		return client;
	}

	private JsonNode failures(SessionClient admin, String user) throws Exception {
		return entries(admin, "/api/audit?action=login.failed&subjectType=user&subjectId=" + user);
	}

	private JsonNode entries(SessionClient client, String path) throws Exception {
		HttpResponse<String> answer = client.get(instance(), path);
		assertThat(answer.statusCode()).as(path).isEqualTo(200);
		return json.readTree(answer.body()).get("entries");
	}

	private double failedWrites() {
		Counter counter = this.meters.find("lookout.audit.failures").tag("reason", "database").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private URI instance() {
		return URI.create("http://localhost:" + this.port);
	}

}
