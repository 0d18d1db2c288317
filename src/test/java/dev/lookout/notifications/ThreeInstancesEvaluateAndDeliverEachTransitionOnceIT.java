package dev.lookout.notifications;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.JarInstances;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.SharedDatabases;
import dev.lookout.testsupport.SseClient;
import dev.lookout.testsupport.TestWebhookReceiver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the packaged jar sharing one PostgreSQL and one Redis, a rule on a panel and a
 * webhook receiver that counts deliveries by key. A threshold crossed and recrossed makes each
 * transition once (stored once), evaluated once per refresh across the instances (their evaluation
 * counters add up to the panel's query runs that PostgreSQL counted, and no other statement reaches
 * the data source), delivered once, and pushed to a signed-in viewer's stream on every instance
 * (through Redis from the one that evaluated). Then the instance delivering a transition is killed while
 * the receiver holds the request: after its claim expires and it is restarted, the transition is
 * delivered again with the same key and acknowledged once.
 */
class ThreeInstancesEvaluateAndDeliverEachTransitionOnceIT {

	private static final String SECRET = "receiver-secret-0123456789";

	private static final int REFRESH_SECONDS = 5;

	private static final int CHANNEL_TIMEOUT_MS = 8000;

	private static final Pattern WORKER_PID = Pattern.compile("^lookout-(\\d+)-");

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	@Test
	void eachTransitionIsEvaluatedOnceAndDeliveredOnceEvenWhenItsDelivererIsKilled() throws Exception {
		SharedDatabases databases = SharedDatabases.create("alerting_app", "alerting_source");
		JdbcClient source = databases.sourceJdbc();
		JdbcClient app = databases.appJdbc();
		source.sql("CREATE TABLE gauge (reading INT NOT NULL)").update();
		source.sql("INSERT INTO gauge VALUES (1)").update();
		Map<String, String> env = JarInstances.environment(databases);
		env.put("REDIS_URL", JarInstances.flushedRedis());
		// A dead instance's claim lasts the channel's timeout and this margin.
		env.put("NOTIFICATION_CLAIM_MARGIN", "2s");
		env.put("NOTIFICATION_BACKOFF_BASE", "200ms");
		env.put("NOTIFICATION_BACKOFF_CAP", "1s");
		TestWebhookReceiver receiver = new TestWebhookReceiver(SECRET);
		receiver.up();
		List<AppProcess> instances = new ArrayList<>();
		List<SseClient> streams = new ArrayList<>();
		try {
			JarInstances.start(instances, this.workDir, 3, env, Duration.ofSeconds(120));
			SessionClient ada = SessionClient.signedIn(instances.get(0).url("/"), "ada");
			long rule = ruleOnAGaugePanel(ada, instances.get(0), databases.sourceId(), receiver.url());
			// A signed-in viewer of the dashboard on each instance (the session is in Redis).
			for (AppProcess instance : instances) {
				streams.add(SseClient.open("127.0.0.1", instance.port(), "/api/stream?dashboard=alerting", null,
						ada.cookie().orElseThrow()));
			}
			// OK from the start: no state is stored before the first transition.
			await("the rule evaluated", Duration.ofSeconds(30),
					() -> Arrays.stream(evaluations(instances)).sum() > 0);
			assertThat(transitions(app, rule)).isEmpty();

			// Crossed and recrossed: OK -> PENDING -> FIRING (after its `for`) -> OK.
			SharedDatabases.resetStatements();
			double[] before = evaluations(instances);
			source.sql("UPDATE gauge SET reading = 50").update();
			await("FIRING", Duration.ofSeconds(40), () -> "FIRING".equals(state(app, rule)));
			// Every viewer's bell hears it, whichever instance evaluated: the others through Redis.
			for (SseClient stream : streams) {
				assertThat(nextAlertState(stream, rule, "FIRING")).as("an alert event FIRING on every instance's stream")
					.isTrue();
			}
			source.sql("UPDATE gauge SET reading = 1").update();
			await("OK again", Duration.ofSeconds(30), () -> transitions(app, rule).size() == 3);
			assertThat(transitions(app, rule)).containsExactly("OK>PENDING", "PENDING>FIRING", "FIRING>OK");

			// One evaluation per refresh across the three (an evaluation runs just after its refresh).
			long[] evaluatedBy = new long[instances.size()];
			await("evaluations match the refreshes", Duration.ofSeconds(10), () -> {
				long runs = databases.sourceStatementCalls("alert_marker");
				double[] now = evaluations(instances);
				for (int i = 0; i < now.length; i++) {
					evaluatedBy[i] = Math.round(now[i] - before[i]);
				}
				return runs > 0 && Arrays.stream(evaluatedBy).sum() == runs;
			});
			System.out.println("[ThreeInstancesEvaluateAndDeliverEachTransitionOnceIT] evaluations by instance: "
					+ Arrays.toString(evaluatedBy));
			// Alerting sends nothing of its own to the data source: the panel's query and the refresh's session
			// statements (read-only transaction, its timeout, the driver's name) are all it ran, but this test's.
			assertThat(databases.sourceStatements()).as("statements the data source ran")
				.filteredOn((statement) -> !statement.startsWith("UPDATE gauge"))
				.allSatisfy((statement) -> assertThat(statement).satisfiesAnyOf(
						(text) -> assertThat(text).isEqualTo("SELECT reading AS alert_marker FROM gauge"),
						(text) -> assertThat(text).startsWith("SET LOCAL statement_timeout"),
						(text) -> assertThat(text).isEqualTo("BEGIN READ ONLY"),
						(text) -> assertThat(text).startsWith("SET application_name")));

			List<String> keys = notificationKeys(app, rule);
			assertThat(keys).hasSize(3);
			await("the three delivered", Duration.ofSeconds(30),
					() -> keys.stream().allMatch((key) -> "DELIVERED".equals(outboxStatus(app, key))));
			for (String key : keys) {
				assertThat(receiver.arrivals(key)).as("arrivals of %s", key).isEqualTo(1);
				assertThat(receiver.acknowledged(key)).as("acknowledged deliveries of %s", key).isEqualTo(1);
			}

			// The receiver holds the next delivery; the instance sending it is killed mid-delivery.
			receiver.mode(TestWebhookReceiver.Mode.HANG);
			source.sql("UPDATE gauge SET reading = 50").update();
			await("a fourth transition", Duration.ofSeconds(30), () -> transitions(app, rule).size() == 4);
			String held = notificationKeys(app, rule).get(3);
			await("its delivery in flight", Duration.ofSeconds(20), () -> receiver.arrivals(held) == 1);
			String worker = app.sql("SELECT claimed_by FROM notification_outbox WHERE idempotency_key = ?")
				.param(held)
				.query(String.class)
				.single();
			Timestamp claimedUntil = app.sql("SELECT claimed_until FROM notification_outbox WHERE idempotency_key = ?")
				.param(held)
				.query(Timestamp.class)
				.single();
			int killed = indexOfWorker(instances, worker);
			instances.get(killed).close();
			receiver.mode(TestWebhookReceiver.Mode.OK);
			AppProcess restarted = AppProcess.start(this.workDir.resolve("instance-" + killed + "-restarted"), env);
			instances.add(restarted);
			restarted.awaitHttpOk("/health/ready", Duration.ofSeconds(120));

			await("the held transition delivered after the restart", Duration.ofSeconds(60),
					() -> "DELIVERED".equals(outboxStatus(app, held)));
			Timestamp deliveredAt = app.sql("SELECT delivered_at FROM notification_outbox WHERE idempotency_key = ?")
				.param(held)
				.query(Timestamp.class)
				.single();
			assertThat(deliveredAt).as("delivered once the dead instance's claim expired").isAfterOrEqualTo(claimedUntil);
			assertThat(receiver.arrivals(held)).as("arrivals of %s: the one cut by the kill and the redelivery", held)
				.isEqualTo(2);
			assertThat(receiver.acknowledged(held)).as("acknowledged deliveries of %s", held).isEqualTo(1);
			assertThat(app.sql("SELECT count(*) FROM notification_outbox WHERE idempotency_key = ?")
				.param(held)
				.query(Integer.class)
				.single()).isEqualTo(1);

			// The rule carries on from the stored state (FIRING after its `for`), once, whoever refreshes now.
			await("FIRING again", Duration.ofSeconds(40), () -> transitions(app, rule).size() == 5);
			List<String> all = notificationKeys(app, rule);
			await("all delivered", Duration.ofSeconds(30),
					() -> all.stream().allMatch((key) -> "DELIVERED".equals(outboxStatus(app, key))));
			Thread.sleep(3000);
			assertThat(transitions(app, rule)).containsExactly("OK>PENDING", "PENDING>FIRING", "FIRING>OK",
					"OK>PENDING", "PENDING>FIRING");
			for (String key : all) {
				assertThat(receiver.acknowledged(key)).as("acknowledged deliveries of %s", key).isEqualTo(1);
			}
			assertThat(receiver.badSignatures()).isEmpty();
		}
		finally {
			for (SseClient stream : streams) {
				stream.close();
			}
			receiver.down();
			JarInstances.closeKeepingLogs(instances, "alerting-instance-");
		}
	}

	/** A dashboard with one panel reading the gauge, a webhook channel and a rule "reading > 10 for 5 s", made through the API. */
	private static long ruleOnAGaugePanel(SessionClient ada, AppProcess instance, long sourceId, String receiverUrl)
			throws Exception {
		URI base = instance.url("/");
		String token = ada.csrfToken(base);
		created(ada.post(base, "/api/dashboards",
				"{\"slug\":\"alerting\",\"title\":\"Alerting\",\"description\":\"\"}", token));
		long panel = created(ada.post(base, "/api/dashboards/alerting/panels", """
				{"title":"Gauge","dataSourceId":%d,"sql":"SELECT reading AS alert_marker FROM gauge",
				 "visualization":"table","refreshSeconds":%d}""".formatted(sourceId, REFRESH_SECONDS), token))
			.path("id")
			.asLong();
		long channel = created(ada.post(base, "/api/alert-channels", """
				{"name":"Receiver","type":"WEBHOOK","url":"%s","secret":"%s","timeoutMs":%d}"""
			.formatted(receiverUrl, SECRET, CHANNEL_TIMEOUT_MS), token)).path("channel").path("id").asLong();
		return created(ada.post(base, "/api/alerts", """
				{"name":"Gauge high","panelId":%d,
				 "condition":{"type":"VALUE","column":"alert_marker","op":">","threshold":10},
				 "forSeconds":%d,"channelIds":[%d]}""".formatted(panel, REFRESH_SECONDS, channel), token))
			.path("id")
			.asLong();
	}

	/** Whether the stream's next alert events (within 10 s) include {@code rule} turning {@code state}. */
	private static boolean nextAlertState(SseClient stream, long rule, String state) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			SseClient.Event event = stream.next("alert", Duration.ofMillis(200));
			if (event != null) {
				JsonNode notice = json.readTree(event.data());
				if (notice.path("ruleId").asLong() == rule && state.equals(notice.path("state").asString())) {
					return true;
				}
			}
		}
		return false;
	}

	private static JsonNode created(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as("created: %s", answer.body()).isEqualTo(201);
		return json.readTree(answer.body());
	}

	private static double[] evaluations(List<AppProcess> instances) {
		return instances.stream()
			.mapToDouble((instance) -> JarInstances.metric(instance, "lookout_alerts_evaluations_total"))
			.toArray();
	}

	private static String state(JdbcClient app, long rule) {
		return app.sql("SELECT state FROM alert_state WHERE rule_id = ?")
			.param(rule)
			.query(String.class)
			.optional()
			.orElse("");
	}

	/** The rule's stored transitions in order, as "FROM>TO". */
	private static List<String> transitions(JdbcClient app, long rule) {
		return app.sql("SELECT from_state || '>' || to_state FROM alert_transition WHERE rule_id = ? ORDER BY id")
			.param(rule)
			.query(String.class)
			.list();
	}

	/** The idempotency keys of the rule's notifications, in the order of their transitions. */
	private static List<String> notificationKeys(JdbcClient app, long rule) {
		return app.sql("SELECT o.idempotency_key FROM notification_outbox o JOIN alert_transition t"
				+ " ON o.idempotency_key = 'alert-' || t.rule_id || '-transition-' || t.id WHERE t.rule_id = ? ORDER BY t.id")
			.param(rule)
			.query(String.class)
			.list();
	}

	private static String outboxStatus(JdbcClient app, String key) {
		return app.sql("SELECT status FROM notification_outbox WHERE idempotency_key = ?")
			.param(key)
			.query(String.class)
			.optional()
			.orElse("");
	}

	/** The index of the instance whose delivery worker is {@code worker} ({@code lookout-<pid>-<random>}). */
	private static int indexOfWorker(List<AppProcess> instances, String worker) {
		Matcher pid = WORKER_PID.matcher(Optional.ofNullable(worker).orElse(""));
		assertThat(pid.find()).as("claimed by a worker: %s", worker).isTrue();
		for (int i = 0; i < instances.size(); i++) {
			if (instances.get(i).pid() == Long.parseLong(pid.group(1))) {
				return i;
			}
		}
		throw new AssertionError("No instance with the pid of " + worker);
	}

	private static void await(String what, Duration within, Callable<Boolean> condition) {
		Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(200)).until(condition);
	}

}
