package dev.lookout.runtime;

import dev.lookout.testsupport.DataSourceRows;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The runtime page and the reload: admins only, CSRF-protected, and the application serves
 * afterwards. No REDIS_URL here, so the reload has no Redis hook.
 */
@SpringBootTest
@AutoConfigureMockMvc
class RuntimePageAndReloadTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void pageShowsPoolsWorkersWatchdogAndRegistryWithAReloadForm() throws Exception {
		MvcTestResult page = this.mvc.get().uri("/admin/runtime").accept(MediaType.TEXT_HTML).exchange();

		assertThat(page).hasStatusOk();
		assertThat(page.getResponse().getContentAsString()).contains("Instance: <strong>READY</strong>",
				"lookout-request", "lookout-health", "cache-updater", "Watching.", "request-pool", "health-pool",
				"name=\"_csrf\"", "action=\"/admin/runtime/reload\"", "Secrets at rest", "Key rotation:");
	}

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void reloadThroughTheApiAnswersTheReportAndTheDatabaseServesAfterwards() throws Exception {
		MvcTestResult reload = this.mvc.post()
			.uri("/api/admin/runtime/reload")
			.with(csrf().asHeader())
			.accept(MediaType.APPLICATION_JSON)
			.exchange();

		assertThat(reload).hasStatusOk();
		assertThat(reload).bodyJson().extractingPath("$.succeeded").isEqualTo(true);
		assertThat(reload).bodyJson()
			.extractingPath("$.stopped[*].hook")
			.asArray()
			.containsExactly("cache-updater", "variable-options", "notification-worker", "key-rotation", "realtime-sync",
					"request-pool", "datasource-pools", "health-pool");
		assertThat(reload).bodyJson()
			.extractingPath("$.started[*].hook")
			.asArray()
			.containsExactly("health-pool", "datasource-pools", "request-pool", "realtime-sync", "key-rotation",
					"notification-worker", "variable-options", "cache-updater");
		assertThat(this.jdbc.sql("SELECT 1").query(Integer.class).single()).isEqualTo(1);
		// Writes too, checked constraints included, now that the connections that created the schema are gone.
		assertThat(DataSourceRows.insert(this.jdbc, "after-reload-" + System.nanoTime(), "jdbc:h2:mem:nothing", "sa"))
			.isPositive();
	}

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void theFormReloadsAndComesBackToThePage() {
		MvcTestResult reload = this.mvc.post().uri("/admin/runtime/reload").with(csrf()).exchange();

		assertThat(reload).hasStatus3xxRedirection().hasRedirectedUrl("/admin/runtime");
		assertThat(reload).flash().containsKey("notice");
	}

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void reloadWithoutACsrfTokenIsRefused() {
		MvcTestResult reload = this.mvc.post()
			.uri("/api/admin/runtime/reload")
			.accept(MediaType.APPLICATION_JSON)
			.exchange();

		assertThat(reload).hasStatus(403);
	}

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void theApiAnswersTheKeyRotationWithoutAPreviousKeyToRemove() {
		MvcTestResult rotation = this.mvc.get()
			.uri("/api/admin/runtime/key-rotation")
			.accept(MediaType.APPLICATION_JSON)
			.exchange();

		assertThat(rotation).hasStatusOk();
		assertThat(rotation).bodyJson().extractingPath("$.previousKeySet").isEqualTo(false);
		assertThat(rotation).bodyJson().extractingPath("$.previousKeyCanBeRemoved").isEqualTo(false);
		assertThat(rotation).bodyJson().extractingPath("$.advice").isEqualTo("");
	}

	@Test
	@WithMockUser(username = "viewer", roles = "VIEWER")
	void nonAdminsCannotReloadNorSeeThePage() {
		assertThat(this.mvc.post().uri("/api/admin/runtime/reload").with(csrf().asHeader()).exchange()).hasStatus(403);
		assertThat(this.mvc.get().uri("/admin/runtime").exchange()).hasStatus(403);
		assertThat(this.mvc.get().uri("/api/admin/runtime/key-rotation").exchange()).hasStatus(403);
	}

}
