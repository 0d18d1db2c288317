package dev.lookout.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.lookout.security.csrf.CsrfViolations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/openapi.json}, read without signing in, describes exactly the application's
 * {@code /api/**} handler mappings (a new endpoint without a description, or a description of one
 * that is gone, fails here with its name); every operation answers its errors with the one
 * {@code Problem} schema, whose {@code code} lists every {@link ErrorCode}; both ways to
 * authenticate are described. Reading the description opens nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDescribesEveryEndpointTest {

	private static final String PATH = "/api/openapi.json";

	private static final String PROBLEM_REF = "#/components/schemas/" + OpenApiConfiguration.PROBLEM;

	private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "patch", "head",
			"options", "trace");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	private HttpResponse<String> response;

	private JsonNode document;

	@BeforeEach
	void read() throws Exception {
		this.response = get(PATH);
		this.document = json.readTree(this.response.body());
	}

	@Test
	void isReadableWithoutSigningInUnderTheApplicationsHeaders() {
		assertThat(this.response.statusCode()).isEqualTo(200);
		assertThat(this.response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(this.response.headers().firstValue("Content-Security-Policy")).isPresent();
		assertThat(this.response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(this.response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(this.response.headers().firstValue("Set-Cookie")).as("no session for a reader").isEmpty();
	}

	@Test
	void describesExactlyTheApplicationsApiEndpoints() {
		Set<String> mapped = apiEndpoints(false);
		Set<String> described = new TreeSet<>();
		this.document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (OPERATION_KEYS.contains(operation.getKey())) {
				described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
			}
		}));
		Set<String> missing = new TreeSet<>(mapped);
		missing.removeAll(described);
		Set<String> extra = new TreeSet<>(described);
		extra.removeAll(mapped);
		assertThat(missing).as("endpoints the description lacks").isEmpty();
		assertThat(extra).as("described endpoints the application does not have").isEmpty();
		assertThat(mapped).contains("GET /api/dashboards", "PUT /api/panels/{id}", "GET /api/panels/{id}/result",
				"GET /api/stream", "POST /api/query", "GET /api/audit", "GET /api/csrf");
	}

	@Test
	void everyOperationAnswersItsErrorsWithTheProblemSchema() {
		List<String> wrong = new ArrayList<>();
		this.document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
			JsonNode responses = operation.getValue().get("responses");
			for (String status : List.of("400", "401", "403", "404", "500", "503")) {
				if (!responses.has(status)) {
					wrong.add(name + " has no " + status);
				}
			}
			responses.properties().forEach((answer) -> {
				if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
					JsonNode content = answer.getValue().path("content");
					if (content.size() != 1
							|| !PROBLEM_REF.equals(content.path("application/problem+json").path("schema").path("$ref").asString(""))) {
						wrong.add(name + " " + answer.getKey() + " is not a Problem: " + content);
					}
				}
			});
			if (!responses.path("503").path("headers").has("Retry-After")) {
				wrong.add(name + " 503 has no Retry-After");
			}
			if (Set.of("post", "put", "patch", "delete").contains(operation.getKey())) {
				if (!responses.has("409")) {
					wrong.add(name + " has no 409");
				}
				boolean csrf = false;
				for (JsonNode parameter : operation.getValue().path("parameters")) {
					csrf |= "header".equals(parameter.path("in").asString(""))
							&& CsrfViolations.HEADER_NAME.equals(parameter.path("name").asString(""));
				}
				if (!csrf) {
					wrong.add(name + " does not name the " + CsrfViolations.HEADER_NAME + " header");
				}
			}
		}));
		assertThat(wrong).isEmpty();
	}

	@Test
	void theProblemCodeListsEveryErrorCode() {
		JsonNode problem = this.document.get("components").get("schemas").get(OpenApiConfiguration.PROBLEM);
		assertThat(problem.get("properties").properties().stream().map(Map.Entry::getKey).toList()).containsExactly(
				"type", "title", "status", "detail", "instance", "code", "requestId", "retryAfterSeconds");
		List<String> codes = new ArrayList<>();
		problem.get("properties").get("code").get("enum").forEach((code) -> codes.add(code.asString()));
		assertThat(codes).isEqualTo(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());

		// Each code with its status and retryability, as docs/errors.md has them (ErrorCodesAreDocumentedTest).
		List<String> listed = new ArrayList<>();
		this.document.get(OpenApiConfiguration.ERROR_CODES_EXTENSION)
			.forEach((code) -> listed.add(code.get("code").asString() + " " + code.get("status").asInt() + " "
					+ code.get("retryable").asBoolean()));
		assertThat(listed).isEqualTo(Arrays.stream(ErrorCode.values())
			.map((code) -> code.name() + " " + code.status().value() + " " + code.retryable())
			.toList());
		String description = this.document.get("info").get("description").asString();
		for (ErrorCode code : ErrorCode.values()) {
			assertThat(description).contains("| `" + code.name() + "` | " + code.status().value() + " | "
					+ (code.retryable() ? "yes" : "no") + " |");
		}
	}

	@Test
	void describesBearerTokensAndTheSessionCookieAsAlternatives() {
		JsonNode schemes = this.document.get("components").get("securitySchemes");
		JsonNode bearer = schemes.get(OpenApiConfiguration.BEARER);
		assertThat(bearer.get("type").asString()).isEqualTo("http");
		assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
		assertThat(bearer.get("bearerFormat").asString()).isEqualTo("lk_<id>_<secret>");
		JsonNode cookie = schemes.get(OpenApiConfiguration.COOKIE);
		assertThat(cookie.get("type").asString()).isEqualTo("apiKey");
		assertThat(cookie.get("in").asString()).isEqualTo("cookie");
		assertThat(cookie.get("name").asString())
			.isEqualTo(this.context.getEnvironment().getProperty("server.servlet.session.cookie.name"));
		assertThat(cookie.get("description").asString()).contains(CsrfViolations.HEADER_NAME, "GET /api/csrf");
		List<String> alternatives = new ArrayList<>();
		this.document.get("security").forEach((requirement) -> alternatives.add(String.join("+",
				requirement.propertyNames())));
		assertThat(alternatives).containsExactly(OpenApiConfiguration.BEARER, OpenApiConfiguration.COOKIE);
	}

	@Test
	void itsOtherFormsStayBehindSignIn() throws Exception {
		Set<String> others = apiEndpoints(true);
		assertThat(others).contains("GET " + PATH);
		others.remove("GET " + PATH);
		for (String endpoint : others) {
			String path = endpoint.substring("GET ".length()).replaceAll("\\{[^}]+}", "x");
			assertThat(get(path).statusCode()).as("%s without signing in", endpoint).isEqualTo(401);
		}
	}

	/** The {@code /api/**} handler mappings as "METHOD /path": the application's, or springdoc's own. */
	private Set<String> apiEndpoints(boolean springdocs) {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingHandlerMapping mapping : this.context.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : mapping.getHandlerMethods().entrySet()) {
				boolean ofSpringdoc = handler.getValue().getBeanType().getName().startsWith("org.springdoc.");
				if (ofSpringdoc != springdocs) {
					continue;
				}
				Set<RequestMethod> methods = handler.getKey().getMethodsCondition().getMethods();
				for (String pattern : handler.getKey().getPatternValues()) {
					if (!pattern.startsWith("/api/")) {
						continue;
					}
					if (methods.isEmpty()) {
						endpoints.add("ANY " + pattern);
					}
					methods.forEach((method) -> endpoints.add(method + " " + pattern));
				}
			}
		}
		return endpoints;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
