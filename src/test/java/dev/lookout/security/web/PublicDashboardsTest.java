package dev.lookout.security.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With public dashboards anybody reads them, and everything else still needs a sign-in. Test
 * mode without {@code LDAP_URL}: sign-in answers that no directory is there.
 */
@SpringBootTest(properties = "PUBLIC_DASHBOARDS=true")
@AutoConfigureMockMvc
class PublicDashboardsTest {

	@Autowired
	MockMvc mvc;

	@Test
	void anybodyReadsDashboards() throws Exception {
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML)).andExpect(status().isOk());
		for (String path : new String[] { "/d/1", "/api/dashboards", "/api/dashboards/1", "/api/panels/1/result",
				"/api/stream" }) {
			int status = this.mvc.perform(get(path).accept(MediaType.APPLICATION_JSON))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(status).as(path).isNotIn(401, 403);
		}
	}

	@Test
	void changingThemStillNeedsASignIn() throws Exception {
		this.mvc.perform(get("/d/1/edit").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
		this.mvc.perform(post("/api/dashboards").with(csrf()).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/datasources").accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
	}

	@Test
	void withoutADirectorySignInIsUnavailable() throws Exception {
		this.mvc.perform(post("/login").param("username", "ada")
			.param("password", "anything")
			.with(csrf())
			.accept(MediaType.APPLICATION_JSON)).andExpect(status().isServiceUnavailable());
	}

}
