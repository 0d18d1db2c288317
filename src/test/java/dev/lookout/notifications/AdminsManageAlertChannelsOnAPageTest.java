package dev.lookout.notifications;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The page {@code /alerts/channels}: an admin creates a webhook and reads its secret once, on the
 * page the form redirects to (never in the list after, never in the log, never in the clear in the
 * session's flash); refused values come back next to their fields as typed; a change, a switch or a
 * deletion from a stale version is a conflict, and so is a deletion while a rule names the channel;
 * a test send queues a row whose key the page shows, and its failing delivery shows in the list;
 * editors and viewers are refused.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AdminsManageAlertChannelsOnAPageTest {

	private static final String PREFIX = "Page channel ";

	/** Nothing listens on the discard port: deliveries fail at once. */
	private static final String NOWHERE = "http://127.0.0.1:9/hook";

	private static final RequestPostProcessor ADMIN = SecurityMockMvcRequestPostProcessors.user("ada").roles("ADMIN");

	private static final RequestPostProcessor EDITOR = SecurityMockMvcRequestPostProcessors.user("ed").roles("EDITOR");

	private static final RequestPostProcessor VIEWER = SecurityMockMvcRequestPostProcessors.user("vic").roles("VIEWER");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Channels channels;

	@Autowired
	DeliveryWorker worker;

	/** Their outbox rows go with them, so the cached context's worker stops retrying them. */
	@AfterEach
	void removeChannels() {
		this.jdbc.sql("DELETE FROM notification_channel WHERE name LIKE ?").param(PREFIX + "%").update();
	}

	@Test
	void aWebhookCreatedOnThePageShowsItsSecretOnceAndNeverInTheList(CapturedOutput output) throws Exception {
		MvcTestResult empty = page("/alerts/channels/new", ADMIN);
		assertThat(empty).hasStatusOk();
		assertThat(empty).bodyText()
			.contains("New webhook", "name=\"_csrf\"", "name=\"url\"", "name=\"secret\"", "type=\"password\"")
			.doesNotContain("name=\"recipients\"");

		MvcTestResult created = post("/alerts/channels", webhook(PREFIX + "ops"), ADMIN);
		assertThat(created).hasStatus3xxRedirection().hasRedirectedUrl("/alerts/channels");
		long id = id(PREFIX + "ops");
		String secret = this.channels.secret(id).orElseThrow();
		Map<String, Object> flash = created.getMvcResult().getFlashMap();
		assertThat(flash).containsEntry("notice", "Channel '" + PREFIX + "ops' created.")
			.containsEntry("secretOf", id);
		assertThat((String) flash.get("sealedSecret")).as("sealed in the session").doesNotContain(secret);

		MvcTestResult following = this.mvc.get()
			.uri("/alerts/channels")
			.with(ADMIN)
			.flashAttrs(flash)
			.accept(MediaType.TEXT_HTML)
			.exchange();
		assertThat(following).hasStatusOk().hasHeader("Cache-Control", "no-store");
		assertThat(following).bodyText()
			.contains("value=\"" + secret + "\"", "it will not be shown again", PREFIX + "ops", NOWHERE);

		MvcTestResult later = page("/alerts/channels", ADMIN);
		assertThat(later).bodyText().contains(PREFIX + "ops", NOWHERE).doesNotContain(secret, "will not be shown again");
		assertThat(page("/alerts/channels/" + id + "/edit", ADMIN)).bodyText()
			.contains("value=\"" + PREFIX + "ops\"", "Replace secret")
			.doesNotContain(secret);

		// A secret of one's own is shown once too, and a replaced one: a new secret, generated when none is typed.
		Map<String, String> own = webhook(PREFIX + "own");
		own.put("secret", "our-shared-secret-0123");
		MvcTestResult ownCreated = post("/alerts/channels", own, ADMIN);
		assertThat(this.channels.secret(id(PREFIX + "own"))).contains("our-shared-secret-0123");
		assertThat(listFollowing(ownCreated)).contains("value=\"our-shared-secret-0123\"");
		MvcTestResult replaced = post("/alerts/channels/" + id + "/secret", Map.of("version", "0", "secret", ""), ADMIN);
		assertThat(replaced).hasStatus3xxRedirection().flash().containsEntry("secretOf", id);
		String newSecret = this.channels.secret(id).orElseThrow();
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
		assertThat(listFollowing(replaced)).contains("value=\"" + newSecret + "\"", "will not be shown again");

		assertThat(output.getAll()).doesNotContain(secret, newSecret, "our-shared-secret-0123");
	}

	@Test
	void refusedValuesComeBackNextToTheirFieldsAsTyped() {
		Map<String, String> fields = webhook(PREFIX + "typed");
		fields.put("url", "ftp://example.com/hook");
		fields.put("secret", "short");
		MvcTestResult refused = post("/alerts/channels", fields, ADMIN);
		assertThat(refused).hasStatus(400);
		assertThat(refused).bodyText()
			.contains("The channel was not saved", "value=\"" + PREFIX + "typed\"", "value=\"ftp://example.com/hook\"")
			.containsPattern("data-problem=\"url\"[^>]*>must be an http or https URL")
			.containsPattern("data-problem=\"secret\"[^>]*>size must be between 16 and 200")
			.as("a secret typed is never shown back")
			.doesNotContain("value=\"short\"");

		fields = webhook(PREFIX + "typed");
		fields.put("timeoutMs", "soon");
		assertThat(post("/alerts/channels", fields, ADMIN)).bodyText()
			.containsPattern("data-problem=\"timeoutMs\"[^>]*>is not a whole number of milliseconds");
		fields.put("timeoutMs", "50");
		assertThat(post("/alerts/channels", fields, ADMIN)).bodyText()
			.containsPattern("data-problem=\"timeoutMs\"[^>]*>must be between 100 and 30000");

		// No MAIL_HOST in this context: the list says so, and an e-mail channel is refused with what to set.
		assertThat(page("/alerts/channels", ADMIN)).bodyText()
			.contains("E-mail channels need an SMTP server")
			.doesNotContain("New e-mail channel");
		Map<String, String> mail = new LinkedHashMap<>();
		mail.put("name", PREFIX + "mail");
		mail.put("type", "EMAIL");
		mail.put("recipients", "ops@example.com,\nnot-an-address");
		mail.put("timeoutMs", "5000");
		mail.put("enabled", "true");
		MvcTestResult email = post("/alerts/channels", mail, ADMIN);
		assertThat(email).hasStatus(400);
		assertThat(email).bodyText()
			.containsPattern("data-problem=\"type\"[^>]*>type: e-mail needs an SMTP server: set MAIL_HOST")
			.containsPattern("data-problem=\"recipients\"[^>]*>&#39;not-an-address&#39; is not an e-mail address")
			.contains("ops@example.com,\nnot-an-address</textarea>");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM notification_channel WHERE name LIKE ?")
			.param(PREFIX + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aChangeFromAStaleVersionIsAConflictShownWithTheFormAsTyped() {
		post("/alerts/channels", webhook(PREFIX + "edited"), ADMIN);
		long id = id(PREFIX + "edited");
		MvcTestResult edit = page("/alerts/channels/" + id + "/edit", ADMIN);
		assertThat(edit).bodyText().contains("name=\"version\" value=\"0\"", "value=\"5000\"", "checked=\"checked\"");

		Map<String, String> fields = webhook(PREFIX + "edited");
		fields.put("timeoutMs", "2000");
		fields.put("version", "0");
		assertThat(post("/alerts/channels/" + id + "/edit", fields, ADMIN)).hasStatus3xxRedirection()
			.flash()
			.containsEntry("notice", "Channel '" + PREFIX + "edited' saved.");
		assertThat(this.channels.get(id).timeoutMs()).isEqualTo(2000);

		fields.put("name", PREFIX + "renamed");
		fields.put("url", "http://127.0.0.1:9/other");
		MvcTestResult stale = post("/alerts/channels/" + id + "/edit", fields, ADMIN);
		assertThat(stale).hasStatus(409);
		assertThat(stale).bodyText()
			.contains("was changed by somebody else since version 0", "href=\"/alerts/channels/" + id + "/edit\"",
					"value=\"" + PREFIX + "renamed\"", "value=\"http://127.0.0.1:9/other\"", "name=\"version\" value=\"0\"");
		assertThat(this.channels.get(id).name()).isEqualTo(PREFIX + "edited");

		assertThat(post("/alerts/channels/" + id + "/secret", Map.of("version", "0"), ADMIN)).hasStatus(409)
			.bodyText()
			.contains("since version 0", "The form now shows the current values", "name=\"version\" value=\"1\"");
		assertThat(post("/alerts/channels/" + id + "/enabled", Map.of("enabled", "false", "version", "0"), ADMIN))
			.hasStatus3xxRedirection()
			.flash()
			.hasEntrySatisfying("error", (message) -> assertThat((String) message).contains("since version 0"));
		assertThat(post("/alerts/channels/" + id + "/enabled", Map.of("enabled", "false", "version", "1"), ADMIN))
			.flash()
			.containsEntry("notice", "Channel '" + PREFIX + "edited' disabled: its notifications wait in the outbox"
					+ " until it is enabled.");
		assertThat(this.channels.get(id).enabled()).isFalse();

		assertThat(post("/alerts/channels/" + id + "/delete", Map.of("version", "1"), ADMIN)).flash()
			.hasEntrySatisfying("error", (message) -> assertThat((String) message).contains("since version 1"));
		// A rule that names the channel holds it (its row written here: the rule's own checks are the alerts tests').
		this.jdbc.sql("INSERT INTO alert_rule (name, panel_id, view_values, condition_json, for_seconds,"
				+ " resolve_after_seconds, on_no_data, on_error, channel_ids, version, created_at, created_by, updated_at,"
				+ " updated_by) VALUES ('Page rule', 0, '{}', '{\"type\":\"ANY_ROW\"}', 0, 0, 'NO_DATA', 'ERROR', ?, 1,"
				+ " CURRENT_TIMESTAMP, 'ada', CURRENT_TIMESTAMP, 'ada')")
			.param("[" + id + "]")
			.update();
		long rule = this.jdbc.sql("SELECT id FROM alert_rule WHERE name = 'Page rule'").query(Long.class).single();
		try {
			assertThat(post("/alerts/channels/" + id + "/delete", Map.of("version", "2"), ADMIN)).flash()
				.hasEntrySatisfying("error", (message) -> assertThat((String) message)
					.contains("'" + PREFIX + "edited' is still named by 1 alert rule(s): 'Page rule'"));
			assertThat(this.channels.find(id)).isPresent();
		}
		finally {
			this.jdbc.sql("DELETE FROM alert_rule WHERE id = ?").param(rule).update();
		}
		assertThat(post("/alerts/channels/" + id + "/delete", Map.of("version", "2"), ADMIN)).flash()
			.containsEntry("notice", "Channel '" + PREFIX + "edited' deleted.");
		assertThat(this.channels.find(id)).isEmpty();
	}

	@Test
	void aTestSendQueuesANotificationWhoseKeyThePageShowsAndItsFailureShowsInTheList() throws Exception {
		post("/alerts/channels", webhook(PREFIX + "tested"), ADMIN);
		long id = id(PREFIX + "tested");

		MvcTestResult sent = post("/alerts/channels/" + id + "/test", Map.of(), ADMIN);
		assertThat(sent).hasStatus3xxRedirection().hasRedirectedUrl("/alerts/channels");
		String key = (String) sent.getMvcResult().getFlashMap().get("testKey");
		assertThat(key).startsWith("test-" + id + "-");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM notification_outbox WHERE channel_id = ? AND idempotency_key = ?")
			.params(id, key)
			.query(Long.class)
			.single()).isOne();
		assertThat(listFollowing(sent)).contains("is queued in the outbox", key);

		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.worker.statuses().get(id) == null || !this.worker.statuses().get(id).failing()) {
			if (System.nanoTime() > deadline) {
				fail("The test notification to a closed port was not attempted within 20 s");
			}
			Thread.sleep(100);
		}
		assertThat(page("/alerts/channels", ADMIN)).bodyText()
			.containsPattern("failing</span>,\\s*breaker <span>CLOSED")
			.contains("last error at");

		post("/alerts/channels/" + id + "/enabled", Map.of("enabled", "false", "version", "0"), ADMIN);
		assertThat(post("/alerts/channels/" + id + "/test", Map.of(), ADMIN)).flash()
			.hasEntrySatisfying("error", (message) -> assertThat((String) message).contains("is disabled"));
	}

	@Test
	void onlyAdminsOpenOrChangeTheChannels() {
		post("/alerts/channels", webhook(PREFIX + "guarded"), ADMIN);
		long id = id(PREFIX + "guarded");
		assertThat(page("/alerts", ADMIN)).bodyText().contains("href=\"/alerts/channels\"");
		assertThat(page("/alerts", EDITOR)).bodyText().contains("New rule").doesNotContain("/alerts/channels");

		for (RequestPostProcessor user : new RequestPostProcessor[] { EDITOR, VIEWER }) {
			assertThat(page("/alerts/channels", user)).hasStatus(403);
			assertThat(page("/alerts/channels/new", user)).hasStatus(403);
			assertThat(page("/alerts/channels/" + id + "/edit", user)).hasStatus(403);
			assertThat(post("/alerts/channels", webhook(PREFIX + "theirs"), user)).hasStatus(403);
			assertThat(post("/alerts/channels/" + id + "/test", Map.of(), user)).hasStatus(403);
			assertThat(post("/alerts/channels/" + id + "/delete", Map.of("version", "0"), user)).hasStatus(403);
		}
		// An admin's post without the CSRF field is refused too.
		assertThat(this.mvc.post()
			.uri("/alerts/channels/" + id + "/delete")
			.with(ADMIN)
			.accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("version", "0")
			.exchange()).hasStatus(403);
		assertThat(this.jdbc.sql("SELECT name FROM notification_channel WHERE name LIKE ?")
			.param(PREFIX + "%")
			.query(String.class)
			.list()).containsExactly(PREFIX + "guarded");
	}

	/** A webhook as the new-channel form sends it. */
	private static Map<String, String> webhook(String name) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("type", "WEBHOOK");
		fields.put("url", NOWHERE);
		fields.put("secret", "");
		fields.put("timeoutMs", "5000");
		fields.put("enabled", "true");
		return fields;
	}

	/** The list as the browser gets it after the redirect of {@code change}, with its flash. */
	private String listFollowing(MvcTestResult change) throws Exception {
		MvcTestResult list = this.mvc.get()
			.uri("/alerts/channels")
			.with(ADMIN)
			.flashAttrs(change.getMvcResult().getFlashMap())
			.accept(MediaType.TEXT_HTML)
			.exchange();
		assertThat(list).hasStatusOk();
		return list.getResponse().getContentAsString();
	}

	private MvcTestResult page(String path, RequestPostProcessor user) {
		return this.mvc.get().uri(path).with(user).accept(MediaType.TEXT_HTML).exchange();
	}

	/** A form post with the CSRF field, as the browser sends it. */
	private MvcTestResult post(String path, Map<String, String> fields, RequestPostProcessor user) {
		var request = this.mvc.post()
			.uri(path)
			.with(user)
			.with(csrf())
			.accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		fields.forEach((name, value) -> request.param(name, value));
		return request.exchange();
	}

	private long id(String name) {
		return this.channels.findByName(name).orElseThrow().id();
	}

}
