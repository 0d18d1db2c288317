package dev.lookout.tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script's view: an editor creates a token (signed in, as on the page), then {@code curl}, a
 * separate process with no cookie jar and no CSRF token, creates a dashboard with it and reads it
 * back, as the README's "Automating Lookout" shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false" })
class ApiTokenFromAnOutsideClientTest implements UsesTheExampleDirectory {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	record Curl(int exit, int status, String body) {
	}

	@Test
	void curlCreatesADashboardWithATokenAndReadsItBack() throws Exception {
		URI instance = URI.create("http://127.0.0.1:" + this.port);
		SessionClient editor = SessionClient.signedIn(instance, "ed");
		HttpResponse<String> created = editor.post(instance, "/api/tokens",
				"{\"name\":\"deploy script\",\"role\":\"EDITOR\",\"expiresInDays\":1}", editor.csrfToken(instance));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String token = json.readTree(created.body()).get("token").asString();
		assertThat(token).startsWith("lk_");

		String slug = "from-curl-" + System.nanoTime();
		Curl post = curl(token, "-X", "POST", "-H", "Content-Type: application/json", "--data",
				"{\"slug\":\"" + slug + "\",\"title\":\"Made by a script\"}", instance + "/api/dashboards");
		assertThat(post.exit()).isZero();
		assertThat(post.status()).as(post.body()).isEqualTo(201);
		assertThat(json.readTree(post.body()).get("slug").asString()).isEqualTo(slug);

		Curl get = curl(token, instance + "/api/dashboards/" + slug);
		assertThat(get.exit()).isZero();
		assertThat(get.status()).isEqualTo(200);
		JsonNode dashboard = json.readTree(get.body());
		assertThat(dashboard.get("title").asString()).isEqualTo("Made by a script");
		assertThat(dashboard.get("updatedBy").asString()).isEqualTo("ed");

		Curl wrong = curl(token.substring(0, token.length() - 2) + "xx", instance + "/api/dashboards/" + slug);
		assertThat(wrong.exit()).isZero();
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(json.readTree(wrong.body()).get("code").asString()).isEqualTo("TOKEN_INVALID");
	}

	/** Runs curl with the token and {@code arguments}; the status is on the last line of its output. */
	private static Curl curl(String token, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20",
				"--header", "Authorization: Bearer " + token, "--header", "Accept: application/json", "--write-out",
				"\n%{http_code}"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		int split = output.lastIndexOf('\n');
		return new Curl(process.exitValue(), Integer.parseInt(output.substring(split + 1).strip()),
				output.substring(0, Math.max(split, 0)));
	}

}
