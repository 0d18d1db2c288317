package dev.lookout.security.signin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.lookout.audit.AuditLog;
import dev.lookout.audit.AuditLog.AuditEntry;
import dev.lookout.resilience.Breakers;
import dev.lookout.testsupport.MutableClock;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.TestDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Signing in, roles, throttling, sessions and headers, over real HTTP against a real directory
 * (UnboundID, started here, with a service account that searches, nested groups and a user in
 * no Lookout group). The session cookie is configured Secure, as production configures it, so
 * that the cookie flags and HSTS are seen. MockMvc serves where a test needs another client
 * address or a request that counts as HTTPS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "LDAP_BIND_DN=cn=lookout,ou=services,dc=example,dc=com", "LDAP_BIND_PASSWORD=service-Pa55word",
				"LDAP_CONNECT_TIMEOUT=1s", "LDAP_READ_TIMEOUT=1s", "PUBLIC_DASHBOARDS=false",
				"server.servlet.session.cookie.secure=true", "TRUSTED_PROXIES=127.0.0.1/32,10.99.0.0/16" })
@AutoConfigureMockMvc
class SignInTest {

	private static final TestDirectory directory = TestDirectory.start("dc=example,dc=com", "directory/example.ldif",
			true);

	private static final MutableClock time = new MutableClock();

	private static final String JSON = "application/json";

	private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final JsonMapper json = JsonMapper.builder().build();

	@TestBean
	Clock clock;

	@LocalServerPort
	int port;

	@Autowired
	Breakers breakers;

	@Autowired
	MockMvc mvc;

	@Autowired
	AuditLog auditLog;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ServletContext servletContext;

	static Clock clock() {
		return time;
	}

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) {
		registry.add("LDAP_URL", directory::url);
	}

	@AfterEach
	void forgetFailedSignIns() {
		time.advance(Duration.ofHours(25));
	}

	@AfterAll
	static void stopDirectory() {
		directory.close();
	}

	@Test
	void theRightPasswordSignsInWithTheRolesOfTheUsersGroups() throws Exception {
		HttpResponse<String> admin = new Client().signIn("ada", "ada-Pa55word");
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith(JSON));
		assertThat(json.readTree(admin.body()))
			.isEqualTo(json.readTree("{\"username\":\"ada\",\"roles\":[\"VIEWER\",\"EDITOR\",\"ADMIN\"]}"));
		assertThat(roles(new Client().signIn("vic", "vic-Pa55word"))).containsExactly("VIEWER");
	}

	@Test
	void aNestedGroupGivesItsRole() throws Exception {
		// ed is in data-team, which is a member of lookout-editors.
		assertThat(roles(new Client().signIn("ed", "ed-Pa55word"))).containsExactly("VIEWER", "EDITOR");
	}

	@Test
	void aWrongPasswordOrAnUnknownUserIsUnauthorized() throws Exception {
		HttpResponse<String> wrong = new Client().signIn("ada", "not-her-password");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(wrong.headers().firstValue("Retry-After")).isEmpty();
		assertThat(code(wrong)).isEqualTo("UNAUTHORIZED");
		HttpResponse<String> unknown = new Client().signIn("nobody", "whatever-1");
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(detail(unknown)).isEqualTo(detail(wrong)).isEqualTo("The user name or password is wrong.");
	}

	@Test
	void theFormSaysOnceWhySignInFailed() throws Exception {
		Client browser = new Client();
		HttpResponse<String> failed = browser.post("/login", HTML, Map.of("username", "ada", "password", "wrong"));
		assertThat(failed.statusCode()).isEqualTo(302);
		assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?error"));
		assertThat(browser.get("/login?error", HTML).body()).contains("The user name or password is wrong.");
		assertThat(browser.get("/login?error", HTML).body()).doesNotContain("The user name or password is wrong.");
	}

	@Test
	void aUserInNoLookoutGroupCannotSignIn() throws Exception {
		Client client = new Client();
		HttpResponse<String> refused = client.signIn("nina", "nina-Pa55word");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(code(refused)).isEqualTo("FORBIDDEN");
		assertThat(detail(refused)).contains("no group that gives access to Lookout");
		assertThat(client.get("/api/dashboards", JSON).statusCode()).isEqualTo(401);

		Client browser = new Client();
		browser.post("/login", HTML, Map.of("username", "nina", "password", "nina-Pa55word"));
		assertThat(browser.get("/login?error", HTML).body()).contains("no group that gives access to Lookout");
	}

	@Test
	void aStoppedDirectoryIsReportedUnavailableAtOnce() throws Exception {
		directory.stop();
		try {
			long start = System.nanoTime();
			HttpResponse<String> answer = new Client().signIn("ada", "ada-Pa55word");
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertDirectoryUnavailableForTheDefaultRetry(answer);
			assertThat(json.readTree(answer.body()).get("retryAfterSeconds").asInt()).isEqualTo(10);
			assertThat(took).isLessThan(Duration.ofSeconds(3));

			Client browser = new Client();
			browser.post("/login", HTML, Map.of("username", "ada", "password", "ada-Pa55word"));
			assertThat(browser.get("/login?error", HTML).body())
				.contains("The directory that checks passwords cannot be reached right now");
		}
		finally {
			directory.start();
		}
		assertThat(new Client().signIn("ada", "ada-Pa55word").statusCode()).as("after the directory is back")
			.isEqualTo(200);
	}

	@Test
	void aDirectoryThatKeepsFailingIsNotAskedUntilItsBreakerLetsATrialThrough() throws Exception {
		// The breaker judges the last calls by count: earlier tests' sign-ins must not decide when it opens.
		this.breakers.breaker(Breakers.DIRECTORY).reset();
		directory.stop();
		try {
			// BREAKER_MINIMUM_CALLS (5) refused connections open the directory's breaker.
			for (int i = 0; i < 5; i++) {
				assertThat(code(new Client().signIn("ada", "ada-Pa55word"))).isEqualTo("DIRECTORY_UNAVAILABLE");
			}
			time.advance(Duration.ofSeconds(3));
			HttpResponse<String> refused = new Client().signIn("ada", "ada-Pa55word");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(code(refused)).isEqualTo("DIRECTORY_UNAVAILABLE");
			// From the breaker, not the directory: BREAKER_OPEN_WAIT is 10 s, 3 of which have passed.
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
		}
		finally {
			directory.start();
		}
		assertThat(code(new Client().signIn("ada", "ada-Pa55word"))).as("still open: the directory is not asked")
			.isEqualTo("DIRECTORY_UNAVAILABLE");
		time.advance(Duration.ofSeconds(8));
		assertThat(new Client().signIn("ada", "ada-Pa55word").statusCode()).as("trial call after the open wait")
			.isEqualTo(200);
		assertThat(new Client().signIn("ada", "ada-Pa55word").statusCode()).isEqualTo(200);
	}

	@Test
	void aWrongPasswordNeverOpensTheDirectoryBreaker() throws Exception {
		// Each guess reaches the directory (401, never a throttled 429): the throttle forgets after a day.
		for (int i = 0; i < 12; i++) {
			assertThat(new Client().signIn("vic", "guess-" + i).statusCode()).isEqualTo(401);
			time.advance(Duration.ofHours(25));
		}
		assertThat(new Client().signIn("ada", "ada-Pa55word").statusCode()).isEqualTo(200);
	}

	@Test
	void aHungDirectoryIsReportedUnavailableWithinTheReadTimeout() throws Exception {
		directory.pause();
		try {
			long start = System.nanoTime();
			HttpResponse<String> answer = new Client().signIn("ada", "ada-Pa55word");
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertDirectoryUnavailableForTheDefaultRetry(answer);
			// LDAP_READ_TIMEOUT=1s: it waited for the directory, and not much longer.
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
		}
		finally {
			directory.resume();
		}
	}

	@Test
	void repeatedWrongPasswordsLockTheUserEvenFromAnotherAddress() throws Exception {
		Client client = new Client();
		for (int i = 0; i < 5; i++) {
			assertThat(client.signIn("vic", "guess-" + i).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> locked = client.signIn("vic", "vic-Pa55word");
		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(code(locked)).isEqualTo("TOO_MANY_REQUESTS");
		assertThat(locked.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(detail(locked)).isEqualTo("Too many failed sign-ins for this user; try again in 1 minute.");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.auditLog.recent(1))
			.extracting(AuditEntry::action, AuditEntry::subjectId,
					(entry) -> json.readTree(entry.details()).path("reason").asString())
			.containsExactly(tuple("login.failed", "vic", "throttled")));

		this.mvc.perform(post("/login").param("username", "vic").param("password", "vic-Pa55word")
			.with(csrf())
			.with(from("10.20.30.40"))
			.accept(JSON)).andExpect(status().isTooManyRequests());
		Client browser = new Client();
		browser.post("/login", HTML, Map.of("username", "vic", "password", "vic-Pa55word"));
		assertThat(browser.get("/login?error", HTML).body()).contains("try again in 1 minute");

		time.advance(Duration.ofSeconds(60));
		assertThat(client.signIn("vic", "vic-Pa55word").statusCode()).isEqualTo(200);
	}

	@Test
	void manyFailuresFromOneAddressLockTheAddress() throws Exception {
		Client client = new Client();
		for (int i = 0; i < 20; i++) {
			assertThat(client.signIn("ghost" + i, "guess").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> locked = client.signIn("ada", "ada-Pa55word");
		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(locked.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(detail(locked)).contains("from this address");

		this.mvc.perform(post("/login").param("username", "ada").param("password", "ada-Pa55word")
			.with(csrf())
			.with(from("10.20.30.41"))
			.accept(JSON)).andExpect(status().isOk());

		time.advance(Duration.ofSeconds(60));
		assertThat(client.signIn("ada", "ada-Pa55word").statusCode()).isEqualTo(200);
	}

	/** MockMvc's requests come from 127.0.0.1: the trusted proxy, passing each client on in X-Forwarded-For. */
	@Test
	void behindATrustedProxyEachClientHasItsOwnAddressLimit() throws Exception {
		for (int i = 0; i < 20; i++) {
			this.mvc.perform(post("/login").param("username", "proxied" + i).param("password", "guess")
				.with(csrf())
				.header("X-Forwarded-For", "198.51.100.9, 10.99.0.7")
				.accept(JSON)).andExpect(status().isUnauthorized());
		}
		this.mvc.perform(post("/login").param("username", "ada").param("password", "ada-Pa55word")
			.with(csrf())
			.header("X-Forwarded-For", "203.0.113.1, 198.51.100.9, 10.99.0.8")
			.accept(JSON)).andExpect(status().isTooManyRequests());
		// Everybody else behind the same proxy signs in.
		this.mvc.perform(post("/login").param("username", "ada").param("password", "ada-Pa55word")
			.with(csrf())
			.header("X-Forwarded-For", "198.51.100.10")
			.accept(JSON)).andExpect(status().isOk());
		this.mvc.perform(post("/login").param("username", "ada").param("password", "ada-Pa55word")
			.with(csrf())
			.accept(JSON)).andExpect(status().isOk());
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.auditLog.recent(1))
			.extracting((entry) -> json.readTree(entry.details()).path("address").asString())
			.containsExactly("127.0.0.1"));
		assertThat(this.auditLog.recent(4))
			.extracting((entry) -> json.readTree(entry.details()).path("address").asString())
			.containsExactly("127.0.0.1", "198.51.100.10", "198.51.100.9", "198.51.100.9");
	}

	@Test
	void anUntrustedPeerCannotChooseItsAddressWithXForwardedFor() throws Exception {
		for (int i = 0; i < 20; i++) {
			this.mvc.perform(post("/login").param("username", "spoof" + i).param("password", "guess")
				.with(csrf())
				.with(from("192.0.2.44"))
				.header("X-Forwarded-For", "203.0.113." + i)
				.accept(JSON)).andExpect(status().isUnauthorized());
		}
		this.mvc.perform(post("/login").param("username", "ada").param("password", "ada-Pa55word")
			.with(csrf())
			.with(from("192.0.2.44"))
			.header("X-Forwarded-For", "203.0.113.200")
			.accept(JSON)).andExpect(status().isTooManyRequests());
	}

	@Test
	void signInsAreAuditedWithoutThePasswordAndCounted() throws Exception {
		double succeeded = count("success");
		double failed = count("unauthorized");
		new Client().signIn("ed", "ed-Pa55word");
		new Client().signIn("ed", "Ed-typo-Pa55word");

		// Written off the request's thread, in the order they happened.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.auditLog.recent(2))
			.extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::subjectType, AuditEntry::subjectId)
			.containsExactly(tuple("login.failed", "anonymous", "user", "ed"),
					tuple("login.succeeded", "ed", "user", "ed")));
		List<AuditEntry> entries = this.auditLog.recent(2);
		assertThat(json.readTree(entries.get(0).details()))
			.isEqualTo(json.readTree("{\"address\":\"127.0.0.1\",\"reason\":\"wrong_password\"}"));
		assertThat(json.readTree(entries.get(1).details()))
			.isEqualTo(json.readTree("{\"address\":\"127.0.0.1\",\"roles\":[\"VIEWER\",\"EDITOR\"]}"));
		assertThat(this.auditLog.recent(1000))
			.allSatisfy((entry) -> assertThat(entry.toString()).doesNotContain("Pa55word"));
		assertThat(count("success")).isEqualTo(succeeded + 1);
		assertThat(count("unauthorized")).isEqualTo(failed + 1);
	}

	@Test
	void signingInIsNeededOutsideThePublicPaths() throws Exception {
		Client anonymous = new Client();
		HttpResponse<String> page = anonymous.get("/d/1", HTML);
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
		for (String path : List.of("/", "/api/dashboards", "/api/panels/1/result", "/api/panels/1/result.csv", "/api/stream",
				"/elsewhere")) {
			HttpResponse<String> api = anonymous.get(path, JSON);
			assertThat(api.statusCode()).as(path).isEqualTo(401);
			assertThat(code(api)).as(path).isEqualTo("UNAUTHORIZED");
		}
		for (String path : List.of("/login", "/health", "/health/ready", "/css/lookout.css", "/js/lookout.js")) {
			assertThat(anonymous.get(path, HTML).statusCode()).as(path).isEqualTo(200);
		}
	}

	@Test
	void aBrowserSignedInReturnsToThePageItWasGoingTo() throws Exception {
		Client browser = new Client();
		assertThat(browser.get("/d/7", HTML).statusCode()).isEqualTo(302);
		HttpResponse<String> signedIn = browser.post("/login", HTML,
				Map.of("username", "vic", "password", "vic-Pa55word"));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).contains("/d/7"));
	}

	@Test
	void viewersReadButChangeNothing() throws Exception {
		Client viewer = signedIn("vic", "vic-Pa55word");
		assertAllowed(viewer.get("/d/1", HTML));
		assertAllowed(viewer.get("/api/dashboards", JSON));
		assertAllowed(viewer.get("/api/panels/1/result", JSON));
		assertAllowed(viewer.get("/api/panels/1/result.csv", JSON));
		assertForbidden(viewer.get("/d/1/edit", HTML));
		assertForbidden(viewer.get("/dashboards/new", HTML));
		assertForbidden(viewer.post("/api/dashboards", JSON, Map.of()));
		assertForbidden(viewer.post("/dashboards", HTML, Map.of()));
		assertForbidden(viewer.post("/d/1/delete", HTML, Map.of()));
		assertForbidden(viewer.post("/api/query", JSON, Map.of()));
		assertForbidden(viewer.get("/api/datasources", JSON));
	}

	@Test
	void editorsChangeDashboardsButNotDataSources() throws Exception {
		Client editor = signedIn("ed", "ed-Pa55word");
		assertAllowed(editor.get("/d/1/edit", HTML));
		assertAllowed(editor.get("/dashboards/new", HTML));
		assertAllowed(editor.post("/api/dashboards", JSON, Map.of()));
		assertAllowed(editor.post("/dashboards", HTML, Map.of()));
		assertAllowed(editor.post("/d/1/delete", HTML, Map.of()));
		assertAllowed(editor.send("DELETE", "/api/panels/1", JSON));
		assertAllowed(editor.post("/api/query", JSON, Map.of()));
		assertForbidden(editor.get("/api/datasources", JSON));
		assertForbidden(editor.get("/admin/datasources", HTML));
		assertForbidden(editor.post("/api/admin/reload", JSON, Map.of()));
	}

	@Test
	void adminsManageDataSourcesAndTheRuntime() throws Exception {
		Client admin = signedIn("ada", "ada-Pa55word");
		assertAllowed(admin.get("/api/datasources", JSON));
		assertAllowed(admin.get("/admin/datasources", HTML));
		assertAllowed(admin.post("/api/admin/reload", JSON, Map.of()));
		assertAllowed(admin.get("/d/1/edit", HTML));
	}

	@Test
	void signingOutTakesAPost() throws Exception {
		Client client = signedIn("ada", "ada-Pa55word");
		client.get("/logout", JSON);
		assertAllowed(client.get("/api/dashboards", JSON));
		HttpResponse<String> signedOut = client.post("/logout", JSON, Map.of());
		assertThat(signedOut.statusCode()).isEqualTo(204);
		assertThat(client.get("/api/dashboards", JSON).statusCode()).isEqualTo(401);

		Client browser = signedIn("ada", "ada-Pa55word");
		HttpResponse<String> page = browser.post("/logout", HTML, Map.of());
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?logout"));
		assertThat(browser.get("/login?logout", HTML).body()).contains("You have signed out.");
	}

	@Test
	void theSessionCookieIsHttpOnlyLaxSecureAndRenewedAtSignIn() throws Exception {
		Client client = new Client();
		HttpResponse<String> form = client.get("/login", HTML);
		String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("JSESSIONID=").contains("; HttpOnly", "; SameSite=Lax", "; Secure");
		String before = client.session.cookie().orElse(null);
		client.signIn("ada", "ada-Pa55word");
		assertThat(client.session.cookie().orElse(null)).as("a new session id after sign-in").isNotEqualTo(before);
		assertThat(this.servletContext.getSessionTimeout()).as("minutes").isEqualTo(30);
	}

	@Test
	void responsesCarrySecurityHeaders() throws Exception {
		HttpResponse<String> page = new Client().get("/login", HTML);
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
		assertThat(page.headers().firstValue("Strict-Transport-Security")).as("never over plain HTTP").isEmpty();
		this.mvc.perform(get("/login").secure(true))
			.andExpect(header().string("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains"));
	}

	@Test
	void theSignInPageHoldsTheFormWithItsCsrfField() throws Exception {
		String page = new Client().get("/login", HTML).body();
		assertThat(page).contains("action=\"/login\"", "name=\"username\"", "name=\"password\"", "name=\"_csrf\"")
			.doesNotContain("Development directory");
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private double count(String outcome) {
		Counter counter = this.meters.find("lookout.logins").tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Client signedIn(String user, String password) throws Exception {
		Client client = new Client();
		assertThat(client.signIn(user, password).statusCode()).isEqualTo(200);
		return client;
	}

	private static List<String> roles(HttpResponse<String> signIn) {
		return json.readTree(signIn.body()).get("roles").valueStream().map(JsonNode::asString).toList();
	}

	private static String code(HttpResponse<String> response) {
		return json.readTree(response.body()).get("code").asString();
	}

	private static String detail(HttpResponse<String> response) {
		return json.readTree(response.body()).get("detail").asString();
	}

	/** Security let it through: whatever the application then answers, it is no refusal. */
	private static void assertAllowed(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri())
			.isNotIn(401, 403);
		assertThat(response.headers().firstValue("Location").orElse("")).doesNotEndWith("/login");
	}

	private static void assertForbidden(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri())
			.isEqualTo(403);
		String accept = response.request().headers().firstValue("Accept").orElse("");
		if (accept.equals(JSON)) {
			assertThat(code(response)).isEqualTo("FORBIDDEN");
		}
		else {
			assertThat(response.body()).contains("FORBIDDEN");
		}
	}

	/** One client of the real server, keeping its session cookie as a browser does. */
	/** The directory itself failed (not its breaker): 503 with the default retry of 10 s. */
	private static void assertDirectoryUnavailableForTheDefaultRetry(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(503);
		assertThat(code(answer)).isEqualTo("DIRECTORY_UNAVAILABLE");
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("10");
	}

	private final class Client {

		private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

		private final SessionClient session = new SessionClient();

		HttpResponse<String> signIn(String user, String password) throws IOException, InterruptedException {
			return post("/login", JSON, Map.of("username", user, "password", password));
		}

		HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
			return send("GET", path, accept);
		}

		/** Sends a request without a body; an unsafe one with the CSRF token in its header, as the page script does. */
		HttpResponse<String> send(String method, String path, String accept) throws IOException, InterruptedException {
			String token = method.equals("GET") ? null : csrfToken();
			HttpRequest.Builder request = request(path, accept).method(method, HttpRequest.BodyPublishers.noBody());
			Optional.ofNullable(token).ifPresent((value) -> request.header("X-CSRF-Token", value));
			return exchange(request);
		}

		/** Posts a form with the session's CSRF token, as the page's form or script would. */
		HttpResponse<String> post(String path, String accept, Map<String, String> fields)
				throws IOException, InterruptedException {
			Map<String, String> form = new LinkedHashMap<>(fields);
			form.put("_csrf", csrfToken());
			String body = form.entrySet()
				.stream()
				.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
				.collect(Collectors.joining("&"));
			return exchange(request(path, accept).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		private String csrfToken() throws IOException, InterruptedException {
			Matcher field = CSRF_FIELD.matcher(get("/login", HTML).body());
			assertThat(field.find()).as("CSRF field on the sign-in page").isTrue();
			return field.group(1);
		}

		private HttpRequest.Builder request(String path, String accept) {
			return this.session.request(URI.create("http://127.0.0.1:" + SignInTest.this.port), path, accept);
		}

		private HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
			return this.session.exchange(request);
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
