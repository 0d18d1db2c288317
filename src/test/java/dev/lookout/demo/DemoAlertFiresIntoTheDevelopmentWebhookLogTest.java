package dev.lookout.demo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import dev.lookout.testsupport.SessionClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Development mode, as a newcomer runs it: the demo's alert rule fires during the simulated
 * incident, the "Development log" channel's receiver gets the transition signed, and the alerts
 * page lists that delivery to admins (and tells others it is for admins). A fresh application
 * database, so the rule is provisioned with this test's short incident.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "APP_ENV=development", "lookout.notifications.poll-interval=100ms",
				"DATABASE_URL=jdbc:h2:mem:demo-alert-test;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" })
class DemoAlertFiresIntoTheDevelopmentWebhookLogTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String PASSWORD = "lookout";

	private static final Duration WITHIN = Duration.ofSeconds(90);

	/** An incident from the start that outlasts the test, and a rule that fires a second after it holds. */
	@TestBean
	DemoIncident demoIncident;

	@LocalServerPort
	int port;

	static DemoIncident demoIncident() {
		return new DemoIncident(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(20), 1, 1);
	}

	@Test
	void theDemoRuleFiresAndItsSignedDeliveryIsListedOnTheAlertsPage() throws Exception {
		SessionClient admin = signedIn("admin");
		await("the demo rule fires").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> demoRule(admin).map((rule) -> rule.path("state").asString()).orElse(""), "FIRING"::equals);
		JsonNode delivery = await("the receiver gets the transition to FIRING").atMost(WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> firingDelivery(admin), Optional::isPresent)
			.orElseThrow();
		assertThat(delivery.path("signatureValid").asBoolean()).isTrue();
		JsonNode body = json.readTree(delivery.path("body").asString());
		assertThat(body.path("panel").path("dashboard").asString()).isEqualTo(DemoConfiguration.SERVICES_DASHBOARD);
		String key = delivery.path("idempotencyKey").asString();
		assertThat(key).isEqualTo(body.path("idempotencyKey").asString());

		String adminPage = page(admin);
		assertThat(adminPage).contains("Development webhook log", DemoConfiguration.ALERT, key, "FIRING", "valid")
			.doesNotContain("Shown to admins only");

		String viewerPage = page(signedIn("viewer"));
		assertThat(viewerPage).contains("Development webhook log", "Shown to admins only").doesNotContain(key);
	}

	private Optional<JsonNode> demoRule(SessionClient user) throws Exception {
		HttpResponse<String> rules = user.get(instance(), "/api/alerts");
		assertThat(rules.statusCode()).as(rules.body()).isEqualTo(200);
		for (JsonNode rule : json.readTree(rules.body())) {
			if (rule.path("name").asString().equals(DemoConfiguration.ALERT)) {
				return Optional.of(rule);
			}
		}
		return Optional.empty();
	}

	private Optional<JsonNode> firingDelivery(SessionClient admin) throws Exception {
		HttpResponse<String> log = admin.get(instance(), "/api/dev/webhook-log");
		assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
		for (JsonNode delivery : json.readTree(log.body())) {
			JsonNode body = json.readTree(delivery.path("body").asString());
			if (body.path("rule").path("name").asString().equals(DemoConfiguration.ALERT)
					&& body.path("to").asString().equals("FIRING")) {
				return Optional.of(delivery);
			}
		}
		return Optional.empty();
	}

	private String page(SessionClient user) throws Exception {
		HttpResponse<String> page = user.exchange(user.request(instance(), "/alerts", "text/html").GET());
		assertThat(page.statusCode()).isEqualTo(200);
		return page.body();
	}

	private SessionClient signedIn(String user) throws Exception {
		SessionClient client = new SessionClient();
		HttpResponse<String> answer = client.signIn(instance(), user, PASSWORD);
		assertThat(answer.statusCode()).as(answer.body()).isLessThan(400);
		return client;
	}

	private URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

}
