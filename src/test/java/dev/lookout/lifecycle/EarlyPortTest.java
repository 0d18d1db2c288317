package dev.lookout.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early port gives the starting answers over real HTTP (the same contract as Tomcat's valve),
 * refuses what is not an HTTP/1 request with 400, is not held up by a client that sends nothing, and
 * hands its socket to a real Tomcat without refusing or resetting a single connection on the way.
 */
class EarlyPortTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private EarlyPort early;

	@TempDir
	Path tomcatDir;

	@AfterEach
	void close() {
		if (this.early != null) {
			this.early.close();
		}
	}

	@Test
	void givesTheStartingAnswers() throws Exception {
		this.early = open(Duration.ofMinutes(1));

		HttpResponse<String> api = send(HttpRequest.newBuilder(url("/api/dashboards?x=1")).header("X-Request-Id", "req-1"));
		assertThat(api.statusCode()).isEqualTo(503);
		assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(api.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(api.headers().firstValue("X-Request-Id")).hasValue("req-1");
		JsonNode problem = json.readTree(api.body());
		assertThat(problem.get("code").asString()).isEqualTo("STARTING");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/dashboards");
		assertThat(problem.get("requestId").asString()).isEqualTo("req-1");

		HttpResponse<String> live = send(HttpRequest.newBuilder(url("/health/live")));
		assertThat(live.statusCode()).isEqualTo(200);
		assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(live.headers().firstValue("X-Request-Id")).isPresent();
		HttpResponse<String> ready = send(HttpRequest.newBuilder(url("/health/ready")));
		assertThat(ready.statusCode()).isEqualTo(503);
		assertThat(ready.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
		// Dot segments are resolved before the path decides: this is not the liveness probe.
		HttpResponse<String> dotted = send(HttpRequest.newBuilder(url("/health/live/../../api/x")));
		assertThat(json.readTree(dotted.body()).get("code").asString()).isEqualTo("STARTING");

		HttpResponse<String> page = send(HttpRequest.newBuilder(url("/d/shop")).header("Accept", "text/html"));
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.body()).contains("<meta http-equiv=\"refresh\" content=\"2\">", "STARTING");

		HttpResponse<String> head = send(HttpRequest.newBuilder(url("/api/dashboards"))
			.method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(head.statusCode()).isEqualTo(503);
		assertThat(head.body()).isEmpty();
	}

	@Test
	void aStartPastItsTimeoutIsNotLive() throws Exception {
		this.early = open(Duration.ZERO);
		HttpResponse<String> live = send(HttpRequest.newBuilder(url("/health/live")));
		assertThat(live.statusCode()).isEqualTo(503);
		assertThat(live.body()).isEqualTo("{\"status\":\"DOWN\"}");
	}

	@Test
	void answersARequestWithABodyItDoesNotRead() throws Exception {
		this.early = open(Duration.ofMinutes(1));
		byte[] body = new byte[512 * 1024];
		HttpResponse<String> post = send(HttpRequest.newBuilder(url("/api/dashboards"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		assertThat(post.statusCode()).isEqualTo(503);
		assertThat(json.readTree(post.body()).get("code").asString()).isEqualTo("STARTING");
	}

	@Test
	void refusesWhatIsNotAnHttpRequest() throws Exception {
		this.early = open(Duration.ofMinutes(1));
		assertThat(raw("HELLO\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"code\":\"BAD_REQUEST\"");
		assertThat(raw("GET nowhere HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
		assertThat(raw("GET / HTTP/1.1\r\nX-Filler: " + "x".repeat(EarlyExchange.MAX_HEAD) + "\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
	}

	@Test
	void aClientThatSendsNothingHoldsNobodyUp() throws Exception {
		this.early = open(Duration.ofMinutes(1));
		try (Socket silent = new Socket(LOOPBACK, this.early.address().getPort())) {
			silent.getOutputStream().write("GET /api/dash".getBytes(StandardCharsets.US_ASCII));
			HttpResponse<String> other = send(HttpRequest.newBuilder(url("/health/live")).timeout(Duration.ofSeconds(2)));
			assertThat(other.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void handsItsSocketToTomcatWithoutRefusingAConnection() throws Exception {
		this.early = open(Duration.ofMinutes(1));
		int port = this.early.address().getPort();
		List<String> answers = new CopyOnWriteArrayList<>();
		List<Exception> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		Thread clients = new Thread(() -> {
			while (running.get()) {
				try {
					HttpResponse<String> answer = send(HttpRequest.newBuilder(url("/api/dashboards")));
					answers.add(answer.statusCode() + " " + answer.body());
				}
				catch (Exception ex) {
					failures.add(ex);
				}
			}
		});
		clients.start();
		await(answers, (answer) -> answer.contains("STARTING"));

		Tomcat tomcat = tomcat(port);
		try {
			tomcat.start();
			await(answers, (answer) -> answer.equals("200 served by Tomcat"));
		}
		finally {
			running.set(false);
			clients.join();
			tomcat.stop();
			tomcat.destroy();
		}
		assertThat(failures).as("connections refused or reset during the hand-over").isEmpty();
		assertThat(answers).allSatisfy((answer) -> assertThat(answer).matches("503 .*STARTING.*|200 served by Tomcat"));
		// Tomcat owned the socket and closed it when it stopped.
		try (ServerSocket again = new ServerSocket(port, 50, LOOPBACK)) {
			assertThat(again.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void isClosedWhenTomcatListensElsewhere() throws Exception {
		this.early = open(Duration.ofMinutes(1));
		int port = this.early.address().getPort();
		assertThat(EarlyPort.claim(LOOPBACK, port + 1)).isEmpty();
		try (ServerSocket again = new ServerSocket(port, 50, LOOPBACK)) {
			assertThat(again.getLocalPort()).isEqualTo(port);
		}
		assertThat(EarlyPort.claim(LOOPBACK, port)).as("no early port left to claim").isEmpty();
	}

	private static EarlyPort open(Duration startTimeout) throws IOException {
		return EarlyPort.open(new InetSocketAddress(LOOPBACK, 0), 50,
				new StartingAnswers(Clock.systemUTC(), startTimeout));
	}

	private Tomcat tomcat(int port) {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(this.tomcatDir.toString());
		Connector connector = new Connector(EarlyPortProtocol.class.getName());
		connector.setPort(port);
		connector.setProperty("address", LOOPBACK.getHostAddress());
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "served", new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().write("served by Tomcat");
			}
		});
		context.addServletMappingDecoded("/*", "served");
		return tomcat;
	}

	private static void await(List<String> answers, Predicate<String> seen) throws InterruptedException {
		for (int i = 0; i < 500 && answers.stream().noneMatch(seen); i++) {
			Thread.sleep(10);
		}
		assertThat(answers).anyMatch(seen);
	}

	private URI url(String path) {
		return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + this.early.address().getPort() + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** What the early port answers to {@code request}, sent as it is on a socket of its own. */
	private String raw(String request) throws IOException {
		try (Socket socket = new Socket(LOOPBACK, this.early.address().getPort())) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
