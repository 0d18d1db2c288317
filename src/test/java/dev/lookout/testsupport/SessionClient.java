package dev.lookout.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * An API client with one session cookie ({@code JSESSIONID}), which it may carry to any instance:
 * each call names the instance ({@code http://127.0.0.1:port}). It signs in as an API client
 * does: the CSRF token from {@code GET /api/csrf}, then {@code POST /login}.
 */
public final class SessionClient {

	private static final String JSON = "application/json";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private volatile String cookie;

	/** {@code JSESSIONID=...}, once an instance has set it. */
	public Optional<String> cookie() {
		return Optional.ofNullable(this.cookie);
	}

	/**
	 * A client signed in on {@code instance} as {@code user} of the example directory, whose password
	 * is {@code <user>-Pa55word}; fails the test unless the sign-in answers 200.
	 */
	public static SessionClient signedIn(URI instance, String user) throws IOException, InterruptedException {
		SessionClient client = new SessionClient();
		HttpResponse<String> answer = client.signIn(instance, user, user + "-Pa55word");
		if (answer.statusCode() != 200) {
			throw new AssertionError("Signing in as " + user + " answered " + answer.statusCode() + ": " + answer.body());
		}
		return client;
	}

	public HttpResponse<String> signIn(URI instance, String user, String password)
			throws IOException, InterruptedException {
		String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf="
				+ encode(csrfToken(instance));
		return exchange(request(instance, "/login").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** The session's CSRF token, as {@code GET /api/csrf} on {@code instance} gives it. */
	public String csrfToken(URI instance) throws IOException, InterruptedException {
		HttpResponse<String> answer = get(instance, "/api/csrf");
		if (answer.statusCode() != 200) {
			throw new AssertionError("GET /api/csrf answered " + answer.statusCode() + ": " + answer.body());
		}
		return json.readTree(answer.body()).path("token").asString();
	}

	public HttpResponse<String> get(URI instance, String path) throws IOException, InterruptedException {
		return exchange(request(instance, path).GET());
	}

	/** Posts {@code body} as JSON, with {@code csrfToken} in the header unless it is {@code null}. */
	public HttpResponse<String> post(URI instance, String path, String body, String csrfToken)
			throws IOException, InterruptedException {
		return send(instance, "POST", path, body, csrfToken);
	}

	/**
	 * Sends {@code body} (none when {@code null}) as JSON with {@code method}, with {@code csrfToken}
	 * in the header unless it is {@code null}.
	 */
	public HttpResponse<String> send(URI instance, String method, String path, String body, String csrfToken)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(instance, path).method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", JSON);
		}
		if (csrfToken != null) {
			request.header("X-CSRF-Token", csrfToken);
		}
		return exchange(request);
	}

	/** The {@code code} of a problem answer. */
	public static String code(HttpResponse<String> answer) {
		return json.readTree(answer.body()).path("code").asString();
	}

	private HttpRequest.Builder request(URI instance, String path) {
		return request(instance, path, JSON);
	}

	/** A request to {@code instance} carrying the session cookie, if there is one yet. */
	public HttpRequest.Builder request(URI instance, String path, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(path))
			.timeout(Duration.ofSeconds(15))
			.header("Accept", accept);
		cookie().ifPresent((value) -> request.header("Cookie", value));
		return request;
	}

	/**
	 * Sends the request and keeps the session cookie it sets. By hand, so that the same cookie
	 * goes to every instance, and because the JDK's cookie store would hold back a Secure one over
	 * plain HTTP.
	 */
	public HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("JSESSIONID="))
			.findFirst()
			.ifPresent((value) -> this.cookie = value.substring(0, value.indexOf(';')));
		return response;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
