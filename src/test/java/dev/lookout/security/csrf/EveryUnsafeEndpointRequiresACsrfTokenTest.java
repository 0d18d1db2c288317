package dev.lookout.security.csrf;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §2 over real HTTP: every handler mapping that accepts POST, PUT, PATCH or DELETE —
 * enumerated from the running application, so a new endpoint cannot slip through — plus login
 * and logout, refuses a request without a token with 403 and a stable code in enforce mode,
 * and lets it through flagged with {@code X-CSRF-Warning} in report mode.
 */
class EveryUnsafeEndpointRequiresACsrfTokenTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Set<RequestMethod> UNSAFE = EnumSet.of(RequestMethod.POST, RequestMethod.PUT,
			RequestMethod.PATCH, RequestMethod.DELETE);

	/** Filter-implemented endpoints that no handler mapping lists. */
	private static final List<String> FILTER_ENDPOINTS = List.of("POST /login", "POST /logout");

	static List<String> unsafeEndpoints(ApplicationContext context) {
		Set<String> endpoints = new TreeSet<>(FILTER_ENDPOINTS);
		for (AbstractHandlerMethodMapping<?> mapping : context.getBeansOfType(AbstractHandlerMethodMapping.class).values()) {
			for (Object key : mapping.getHandlerMethods().keySet()) {
				if (!(key instanceof RequestMappingInfo info)) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods().isEmpty() ? UNSAFE
						: info.getMethodsCondition().getMethods();
				for (RequestMethod method : methods) {
					if (UNSAFE.contains(method)) {
						for (String pattern : info.getPatternValues()) {
							endpoints.add(method + " " + pattern.replaceAll("\\{[^}]+}", "1"));
						}
					}
				}
			}
		}
		return new ArrayList<>(endpoints);
	}

	static HttpResponse<String> send(HttpClient client, int port, String endpoint, String token) throws Exception {
		String[] parts = endpoint.split(" ", 2);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + parts[1]))
			.method(parts[0], HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json");
		if (token != null) {
			request.header(CsrfViolations.HEADER_NAME, token);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpClient session() {
		return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
	}

	static String token(HttpClient session, int port) throws Exception {
		HttpResponse<String> response = session.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/csrf")).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("headerName").asString()).isEqualTo(CsrfViolations.HEADER_NAME);
		assertThat(body.get("parameterName").asString()).isEqualTo(CsrfViolations.PARAMETER_NAME);
		return body.get("token").asString();
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	class Enforced {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void everyUnsafeEndpointRefusesARequestWithoutAToken() throws Exception {
			List<String> endpoints = unsafeEndpoints(this.context);
			assertThat(endpoints).contains("POST /api/dashboards", "PUT /api/panels/1", "DELETE /api/datasources/1",
					"POST /api/query", "POST /login", "POST /logout");
			HttpClient session = session();
			token(session, this.port);
			for (String endpoint : endpoints) {
				HttpResponse<String> response = send(session, this.port, endpoint, null);
				assertThat(response.statusCode()).as(endpoint).isEqualTo(403);
				assertThat(json.readTree(response.body()).get("code").asString()).as(endpoint)
					.isEqualTo("CSRF_TOKEN_MISSING");
				assertThat(json.readTree(response.body()).get("detail").asString()).as(endpoint)
					.contains(CsrfViolations.HEADER_NAME, "/api/csrf");
			}
		}

		@Test
		void aTokenFromAnotherSessionIsRefused() throws Exception {
			HttpClient mine = session();
			token(mine, this.port);
			String theirs = token(session(), this.port);
			HttpResponse<String> response = send(mine, this.port, "POST /api/dashboards", theirs);
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("CSRF_TOKEN_INVALID");
		}

		@Test
		void aTokenInTheQueryStringIsNotAccepted() throws Exception {
			HttpClient mine = session();
			String token = token(mine, this.port);
			HttpResponse<String> response = send(mine, this.port,
					"POST /api/dashboards?_csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8),
					null);
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("CSRF_TOKEN_MISSING");
		}

		@Test
		void aTokenInTheHeaderPasses() throws Exception {
			HttpClient mine = session();
			String token = token(mine, this.port);
			HttpResponse<String> response = send(mine, this.port, "POST /api/dashboards", token);
			assertThat(response.statusCode()).isNotEqualTo(403);
			assertThat(response.body()).doesNotContain("CSRF_TOKEN");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "CSRF_MODE=report")
	class Reported {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void everyUnsafeEndpointLetsTheRequestThroughWithAWarning() throws Exception {
			HttpClient session = session();
			token(session, this.port);
			for (String endpoint : unsafeEndpoints(this.context)) {
				HttpResponse<String> response = send(session, this.port, endpoint, null);
				assertThat(response.headers().firstValue(CsrfViolations.WARNING_HEADER)).as(endpoint)
					.hasValueSatisfying((warning) -> assertThat(warning).startsWith("CSRF_TOKEN_MISSING"));
				assertThat(response.body()).as(endpoint).doesNotContain("\"code\":\"CSRF_TOKEN");
			}
		}

	}

}
