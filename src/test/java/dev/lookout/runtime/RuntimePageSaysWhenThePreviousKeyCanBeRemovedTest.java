package dev.lookout.runtime;

import java.time.Duration;
import java.util.Optional;

import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.testsupport.DataSourceRows;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * During a rotation ({@code SECRET_KEY_PREVIOUS} set), the runtime page warns while a value opens
 * with neither key, and says that the previous key can be removed once nothing needs it; each
 * controlled reload runs the rotation again.
 */
@SpringBootTest(properties = "SECRET_KEY_PREVIOUS=" + RuntimePageSaysWhenThePreviousKeyCanBeRemovedTest.PREVIOUS_KEY)
@AutoConfigureMockMvc
class RuntimePageSaysWhenThePreviousKeyCanBeRemovedTest {

	static final String PREVIOUS_KEY = "Hq3Zp8LmV1xR6nTb0WcK5yJf9DsG2uEa7oYiQvNrXkBl";

	private static final String LOST_KEY = "Wd4Rk9TnB2yX7qLv0HsM5cJe8ZpF1gUa3oKiYtNxQwEr";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void warnsWhileAValueOpensWithNeitherKeyThenSaysThePreviousKeyCanBeRemoved() throws Exception {
		long old = sourceSealedWith(PREVIOUS_KEY, "sealed-before-rotation");
		long lost = sourceSealedWith(LOST_KEY, "sealed-with-a-lost-key");

		reloadAndAwait("$.resealed", 1);
		String warned = page();
		assertThat(warned).contains("data source &#39;sealed-with-a-lost-key&#39; password",
				"neither SECRET_KEY nor SECRET_KEY_PREVIOUS").doesNotContain("can now be removed");
		assertThat(sealedOf(lost)).startsWith("v1." + keyId(LOST_KEY) + ".");

		this.jdbc.sql("DELETE FROM data_source WHERE id = ?").param(lost).update();
		reloadAndAwait("$.alreadyCurrent", 1);
		assertThat(page()).contains("SECRET_KEY_PREVIOUS (or SECRET_KEY_PREVIOUS_FILE) is no longer needed and can now"
				+ " be removed").doesNotContain("neither SECRET_KEY nor SECRET_KEY_PREVIOUS");
		assertThat(this.mvc.get().uri("/api/admin/runtime/key-rotation").accept(MediaType.APPLICATION_JSON).exchange())
			.bodyJson()
			.extractingPath("$.previousKeyCanBeRemoved")
			.isEqualTo(true);
		assertThat(sealedOf(old)).doesNotStartWith("v1." + keyId(PREVIOUS_KEY) + ".");
	}

	private String sealedOf(long id) {
		return this.jdbc.sql("SELECT password_sealed FROM data_source WHERE id = ?").param(id).query(String.class).single();
	}

	private long sourceSealedWith(String key, String name) {
		long id = DataSourceRows.insert(this.jdbc, name, "jdbc:h2:mem:nothing", "sa");
		String sealed = new SecretCipher(key, Optional.empty()).seal("secret", "datasource:" + id + ":password");
		this.jdbc.sql("UPDATE data_source SET password_sealed = ? WHERE id = ?").params(sealed, id).update();
		return id;
	}

	/** A reload starts the rotation again; it runs in the background, so the test waits for its counts. */
	private void reloadAndAwait(String count, int expected) {
		assertThat(this.mvc.post().uri("/api/admin/runtime/reload").with(csrf().asHeader()).exchange()).hasStatusOk();
		// Polled on the test thread: the mock user is bound to it.
		await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var rotation = this.mvc.get().uri("/api/admin/runtime/key-rotation").accept(MediaType.APPLICATION_JSON)
				.exchange();
			assertThat(rotation).bodyJson().extractingPath("$.state").isEqualTo("FINISHED");
			assertThat(rotation).bodyJson().extractingPath(count).isEqualTo(expected);
		});
	}

	private String page() throws Exception {
		return this.mvc.get().uri("/admin/runtime").accept(MediaType.TEXT_HTML).exchange().getResponse()
			.getContentAsString();
	}

	private static String keyId(String key) {
		return new SecretCipher(key, Optional.empty()).seal("x", "x").split("\\.")[1];
	}

}
