package dev.lookout.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error contract as clients see it over real HTTP: RFC 9457 members, stable codes,
 * {@code Retry-After} on retryable failures, a plain page for browsers, no internals leaked,
 * and the request id in the answer and in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProblemDetailsContractTest.FailingEndpoints.class)
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsContractTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void retryableFailureCarriesCodeRequestIdAndRetryAfter() throws Exception {
		HttpResponse<String> response = get("/test/busy", "application/json", "client-id-42");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(response.headers().firstValue(RequestIds.HEADER)).hasValue("client-id-42");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:lookout:problem:SERVICE_UNAVAILABLE");
		assertThat(problem.get("title").asString()).isEqualTo("Service unavailable");
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(problem.get("detail").asString()).isEqualTo("Busy warming up; retry shortly.");
		assertThat(problem.get("instance").asString()).isEqualTo("/test/busy");
		assertThat(problem.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(problem.get("requestId").asString()).isEqualTo("client-id-42");
		assertThat(problem.get("retryAfterSeconds").asLong()).isEqualTo(3);
	}

	@Test
	void nonRetryableFailureHasNoRetryHints() throws Exception {
		HttpResponse<String> response = get("/test/conflict", "application/json", null);
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo("CONFLICT");
		assertThat(problem.has("retryAfterSeconds")).isFalse();
	}

	@Test
	void unexpectedFailureHidesItsMessageButLogsItUnderTheRequestId(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/test/broken", "application/json", "trace-me-7");
		assertThat(response.statusCode()).isEqualTo(500);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("db-password-in-message", "at dev.lookout", "Exception");
		assertThat(output.getOut()).containsPattern("ERROR \\[trace-me-7\\].*Unhandled failure answered with INTERNAL_ERROR")
			.contains("db-password-in-message");
	}

	@Test
	void unknownPathIsNotFoundWithTheOriginalPath() throws Exception {
		HttpResponse<String> response = get("/no/such/page", "application/json", null);
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND");
		assertThat(problem.get("instance").asString()).isEqualTo("/no/such/page");
		assertThat(problem.get("requestId").asString()).isEqualTo(response.headers().firstValue(RequestIds.HEADER).orElseThrow());
	}

	@Test
	void browsersGetAPlainPageWithoutInternals() throws Exception {
		HttpResponse<String> response = get("/test/broken", "text/html,application/xhtml+xml,*/*;q=0.8", "page-id-1");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.body()).contains("INTERNAL_ERROR", "page-id-1")
			.doesNotContain("db-password-in-message", "at dev.lookout", "IllegalStateException");
		HttpResponse<String> busy = get("/test/busy", "text/html", null);
		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(busy.body()).contains("Busy warming up; retry shortly.", "SERVICE_UNAVAILABLE");
	}

	@Test
	void insaneRequestIdsAreReplaced() throws Exception {
		HttpResponse<String> response = get("/", "text/html", "bad id <script>alert(1)</script>");
		String id = response.headers().firstValue(RequestIds.HEADER).orElseThrow();
		assertThat(id).matches("[0-9a-f]{16}");
		HttpResponse<String> tooLong = get("/", "text/html", "x".repeat(65));
		assertThat(tooLong.headers().firstValue(RequestIds.HEADER).orElseThrow()).matches("[0-9a-f]{16}");
	}

	private HttpResponse<String> get(String path, String accept, String requestId) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", accept);
		if (requestId != null) {
			request.header(RequestIds.HEADER, requestId);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingEndpoints {

		@Bean
		Endpoints failingEndpoints() {
			return new Endpoints();
		}

		/** Who may call them is not what this test is about: the paths it uses are open to anybody. */
		@Bean
		@Order(0)
		SecurityFilterChain openTestPaths(HttpSecurity http) throws Exception {
			http.securityMatcher("/test/**", "/no/such/page")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

	}

	@RestController
	static class Endpoints {

		@GetMapping("/test/busy")
		String busy() {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Busy warming up; retry shortly.",
					Duration.ofMillis(2500));
		}

		@GetMapping("/test/conflict")
		String conflict() {
			throw new ApiException(ErrorCode.CONFLICT, "Somebody else changed it.");
		}

		@GetMapping("/test/broken")
		String broken() {
			throw new IllegalStateException("db-password-in-message");
		}

	}

}
