package dev.lookout.security.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
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
				"/api/panels/1/result.csv", "/api/stream" }) {
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
	void anonymousRequestsThatNeedNoSessionGetNone() throws Exception {
		this.mvc
			.perform(post("/api/dashboards").with(csrf())
				.with(user("ed").roles("EDITOR"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"slug\":\"open-to-all\",\"title\":\"Open to all\"}"))
			.andExpect(status().isCreated());
		assertNoSession(get("/").accept(MediaType.TEXT_HTML), 200);
		assertNoSession(get("/d/open-to-all").accept(MediaType.TEXT_HTML), 200);
		assertNoSession(get("/api/dashboards").accept(MediaType.APPLICATION_JSON), 200);
		assertNoSession(get("/health").accept(MediaType.APPLICATION_JSON), 200);
		assertNoSession(get("/no/such/page").accept(MediaType.APPLICATION_JSON), 401);
		assertNoSession(get("/no/such/page").accept(MediaType.TEXT_HTML), 302);
		assertNoSession(get("/wp-login.php"), 401);
	}

	@Test
	void theSignInFormAndAPageThatNeedsSignInStillKeepASession() throws Exception {
		// The form's CSRF token lives in the session; the page a browser was going to, for after sign-in.
		MvcResult form = this.mvc.perform(get("/login").accept(MediaType.TEXT_HTML)).andReturn();
		assertThat(form.getRequest().getSession(false)).isNotNull();
		MvcResult page = this.mvc.perform(get("/d/1/edit").accept(MediaType.TEXT_HTML)).andReturn();
		assertThat(page.getRequest().getSession(false)).isNotNull();
	}

	private void assertNoSession(MockHttpServletRequestBuilder request, int status) throws Exception {
		MvcResult result = this.mvc.perform(request).andReturn();
		String path = result.getRequest().getRequestURI();
		assertThat(result.getResponse().getStatus()).as(path).isEqualTo(status);
		assertThat(result.getRequest().getSession(false)).as(path).isNull();
		assertThat(result.getResponse().getHeaders("Set-Cookie")).as(path).isEmpty();
	}

	@Test
	void withoutADirectorySignInIsUnavailable() throws Exception {
		this.mvc.perform(post("/login").param("username", "ada")
			.param("password", "anything")
			.with(csrf())
			.accept(MediaType.APPLICATION_JSON)).andExpect(status().isServiceUnavailable());
	}

}
