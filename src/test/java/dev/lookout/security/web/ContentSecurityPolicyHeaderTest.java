package dev.lookout.security.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, so that error pages go through the container's error dispatch as in
 * production: every page, the sign-in page and error pages included, carries the policy with a
 * fresh nonce, and the page's inline scripts carry that same nonce. {@code CSP_MODE=report}
 * sends the same policy as {@code Content-Security-Policy-Report-Only} instead.
 */
class ContentSecurityPolicyHeaderTest {

	private static final Pattern NONCE_SOURCE = Pattern.compile("script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'");

	private static final Pattern SCRIPT_NONCE = Pattern.compile("<script[^>]*\\snonce=\"([^\"]*)\"");

	private static final List<String> DIRECTIVES = List.of("default-src 'self'", "object-src 'none'",
			"base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "style-src 'self'", "img-src 'self'",
			"connect-src 'self'");

	private static final HttpClient client = HttpClient.newHttpClient();

	static HttpResponse<String> page(int port, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The policy's nonce, checked to be at least 128 random bits in base64. */
	static String nonceOf(String policy) {
		Matcher nonce = NONCE_SOURCE.matcher(policy);
		assertThat(nonce.find()).as("a nonce source in %s", policy).isTrue();
		assertThat(Base64.getDecoder().decode(nonce.group(1))).hasSizeGreaterThanOrEqualTo(16);
		return nonce.group(1);
	}

	static void assertStrict(String policy) {
		assertThat(policy).contains(DIRECTIVES).doesNotContain("unsafe-inline", "unsafe-eval", "*");
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "PUBLIC_DASHBOARDS=true")
	class Enforced {

		@LocalServerPort
		int port;

		@Autowired
		DashboardProvisioning dashboards;

		@Test
		void everyPageCarriesAStrictPolicyWithAFreshNonce() throws Exception {
			HttpResponse<String> first = page(this.port, "/login");
			HttpResponse<String> second = page(this.port, "/login");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.headers().firstValue(ContentSecurityPolicy.REPORT_ONLY_HEADER)).isEmpty();
			String policy = first.headers().firstValue(ContentSecurityPolicy.HEADER).orElseThrow();
			assertStrict(policy);
			assertThat(nonceOf(policy)).isNotEqualTo(nonceOf(second.headers().firstValue(ContentSecurityPolicy.HEADER)
				.orElseThrow()));
			// The other headers stay as Spring Security writes them.
			assertThat(first.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(first.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		}

		@Test
		void inlineScriptsCarryTheNonceOfTheirResponse() throws Exception {
			this.dashboards.ensure(new ProvisionedDashboard("csp-header", "CSP", "", List.of(), null, List.of()));
			HttpResponse<String> response = page(this.port, "/d/csp-header");
			assertThat(response.statusCode()).isEqualTo(200);
			String nonce = nonceOf(response.headers().firstValue(ContentSecurityPolicy.HEADER).orElseThrow());
			Matcher scripts = SCRIPT_NONCE.matcher(response.body());
			assertThat(scripts.find()).as("the page's data block has a nonce").isTrue();
			do {
				assertThat(scripts.group(1)).isEqualTo(nonce);
			}
			while (scripts.find());
		}

		@Test
		void errorPagesCarryThePolicy() throws Exception {
			HttpResponse<String> response = page(this.port, "/d/no-such-dashboard");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).contains("<html");
			assertStrict(response.headers().firstValue(ContentSecurityPolicy.HEADER).orElseThrow());
			assertThat(response.headers().allValues(ContentSecurityPolicy.HEADER)).hasSize(1);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "CSP_MODE=report", "PUBLIC_DASHBOARDS=true" })
	class Reported {

		@LocalServerPort
		int port;

		@Test
		void pagesCarryTheSamePolicyAsReportOnly() throws Exception {
			for (String path : List.of("/login", "/d/no-such-dashboard")) {
				HttpResponse<String> response = page(this.port, path);
				assertThat(response.headers().firstValue(ContentSecurityPolicy.HEADER)).as(path).isEmpty();
				String policy = response.headers().firstValue(ContentSecurityPolicy.REPORT_ONLY_HEADER).orElseThrow();
				assertStrict(policy);
				nonceOf(policy);
			}
		}

	}

}
