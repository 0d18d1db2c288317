package dev.lookout.notifications;

import java.util.Map;

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
 * {@code /api/alert-channels}: editors read (never a secret), admins change (with the CSRF token);
 * the webhook's secret is answered once and stored sealed; validation names the fields; edits are
 * optimistic; each change is audited.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ChannelApiTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void adminsCreateChangeAndDeleteEditorsReadAndTheSecretIsShownOnce() throws Exception {
		String name = "Ops hook " + System.nanoTime();
		MvcTestResult created = this.mvc.post()
			.uri("/api/alert-channels")
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("name", name, "type", "WEBHOOK", "url", "http://127.0.0.1:9/hook")))
			.exchange();
		assertThat(created).hasStatus(201);
		JsonNode body = json.readTree(created.getResponse().getContentAsString());
		long id = body.get("channel").get("id").asLong();
		String secret = body.get("secret").asString();
		assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(30);
		String sealed = this.jdbc.sql("SELECT secret_sealed FROM notification_channel WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(sealed).startsWith("v1.").doesNotContain(secret);

		MvcTestResult list = this.mvc.get().uri("/api/alert-channels").with(user("ed").roles("EDITOR")).exchange();
		assertThat(list).hasStatusOk();
		String listed = list.getResponse().getContentAsString();
		assertThat(listed).contains(name).doesNotContain(secret).doesNotContain(sealed).doesNotContain("secret");
		// A webhook URL may carry the receiver's credential in its path: editors see its host only.
		assertThat(listed).contains("\"url\":\"http://127.0.0.1:9/…\"").doesNotContain("127.0.0.1:9/hook");
		assertThat(this.mvc.get().uri("/api/alert-channels/" + id).with(user("ada").roles("ADMIN")).exchange())
			.bodyJson()
			.extractingPath("$.url")
			.isEqualTo("http://127.0.0.1:9/hook");

		assertThat(this.mvc.post()
			.uri("/api/alert-channels")
			.with(user("ed").roles("EDITOR"))
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"x\",\"type\":\"WEBHOOK\",\"url\":\"http://127.0.0.1:9/\"}")
			.exchange()).hasStatus(403);
		assertThat(this.mvc.get().uri("/api/alert-channels").with(user("vic").roles("VIEWER")).exchange()).hasStatus(403);
		// No CSRF token: refused.
		assertThat(this.mvc.delete()
			.uri("/api/alert-channels/" + id + "?version=0")
			.with(user("ada").roles("ADMIN"))
			.exchange()).hasStatus(403);

		MvcTestResult stale = this.mvc.put()
			.uri("/api/alert-channels/" + id)
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("name", name, "type", "WEBHOOK", "url", "http://127.0.0.1:9/other",
					"version", 5)))
			.exchange();
		assertThat(stale).hasStatus(409);
		MvcTestResult updated = this.mvc.put()
			.uri("/api/alert-channels/" + id)
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("name", name, "type", "WEBHOOK", "url", "http://127.0.0.1:9/other",
					"timeoutMs", 1000, "version", 0)))
			.exchange();
		assertThat(updated).hasStatusOk();
		assertThat(updated.getResponse().getContentAsString()).contains("\"version\":1").contains("/other")
			.doesNotContain(secret);

		assertThat(this.mvc.post()
			.uri("/api/alert-channels/" + id + "/test")
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.exchange()).hasStatus(202);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM notification_outbox WHERE channel_id = ?")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(1);

		assertThat(this.mvc.delete()
			.uri("/api/alert-channels/" + id + "?version=1")
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.exchange()).hasStatus(204);
		assertThat(this.jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'alert-channel' AND subject_id = ?"
				+ " ORDER BY id")
			.param(String.valueOf(id))
			.query(String.class)
			.list()).containsExactly("alert-channel.create", "alert-channel.update", "alert-channel.test",
					"alert-channel.delete");
	}

	@Test
	void invalidValuesAreNamedByField() throws Exception {
		MvcTestResult refused = this.mvc.post()
			.uri("/api/alert-channels")
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"\",\"type\":\"WEBHOOK\",\"url\":\"ftp://example.com/x\",\"timeoutMs\":50}")
			.exchange();
		assertThat(refused).hasStatus(400);
		String problem = refused.getResponse().getContentAsString();
		assertThat(problem).contains("VALIDATION_FAILED").contains("name").contains("url").contains("timeoutMs");

		MvcTestResult mail = this.mvc.post()
			.uri("/api/alert-channels")
			.with(user("ada").roles("ADMIN"))
			.with(csrf().asHeader())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Mail\",\"type\":\"EMAIL\",\"recipients\":[\"not-an-address\"]}")
			.exchange();
		assertThat(mail).hasStatus(400);
		// No MAIL_HOST in this context: e-mail channels are refused with what to set.
		assertThat(mail.getResponse().getContentAsString()).contains("MAIL_HOST").contains("recipients[0]");
	}

}
