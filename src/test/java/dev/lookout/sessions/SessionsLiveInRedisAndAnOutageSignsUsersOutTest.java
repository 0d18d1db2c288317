package dev.lookout.sessions;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.TestRedis;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code REDIS_URL} set, a session lives in Redis (Spring Session, under
 * {@code lookout:session:}, expiring after the idle timeout) and outlives a reload of the
 * clients; a signed-in read is served from a copy that Redis keeps true (no command, no write) and a
 * session deleted in Redis is not served from it; with Redis gone, a request that carries a session cookie is answered at once as if
 * signed out, public dashboards keep being served, sign-in is refused with
 * {@code SESSION_STORE_UNAVAILABLE}, the outage is logged once, and all is well again when Redis
 * is back. Real Redis and a real directory; the session cookie configured Secure, as in production.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "SESSION_IDLE_TIMEOUT=20m",
				"server.servlet.session.cookie.secure=true" })
@ExtendWith(OutputCaptureExtension.class)
class SessionsLiveInRedisAndAnOutageSignsUsersOutTest implements UsesTheExampleDirectory {

	/** The command timeout (the default): no answer may wait for Redis longer than this. */
	private static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofMillis(500);

	/** What Spring Session's Redis repository sends to store a session or its last-access time. */
	private static final List<String> SESSION_WRITES = List.of("hset", "hmset", "exists", "expire", "pexpire",
			"expireat", "pexpireat");

	private static final List<String> SESSION_COMMANDS = Stream.concat(Stream.of("hgetall"), SESSION_WRITES.stream())
		.toList();

	private static final String OUTAGE_LOGGED = "Sessions cannot be read or stored in Redis";

	private final TestRedis redis = TestRedis.get();

	@LocalServerPort
	int port;

	@Autowired
	ReloadCoordinator reloads;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.redis.url", TestRedis.get()::url);
	}

	@Test
	void aSessionIsKeptInRedisUntilItsIdleTimeoutAndOutlivesAReload() throws Exception {
		SessionClient ada = new SessionClient();
		HttpResponse<String> signIn = ada.signIn(instance(), "ada", "ada-Pa55word");
		assertThat(signIn.statusCode()).isEqualTo(200);
		// The cookie settings apply as they do to the container's sessions (the production flags).
		assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying((cookie) -> assertThat(cookie)
			.startsWith("JSESSIONID=")
			.contains("; HttpOnly", "; SameSite=Lax", "; Secure"));
		String token = ada.csrfToken(instance());
		assertThat(createDashboard(ada, "kept-in-redis", token).statusCode()).isEqualTo(201);

		List<byte[]> keys = keys();
		assertThat(keys).isNotEmpty();
		long ttl = ttlMillis(keys.get(0));
		assertThat(Duration.ofMillis(ttl)).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(20));

		long clients = lookoutClients();
		assertThat(this.reloads.reload("test").succeeded()).isTrue();
		// The session and its CSRF token come back from Redis through the restarted connection factory.
		assertThat(createDashboard(ada, "after-reload", token).statusCode()).isEqualTo(201);
		// The subscriptions of the new shared client come back in the background.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lookoutClients()).isEqualTo(clients));
	}

	@Test
	void aSignedInReadIsServedFromACopyAndWritesNothing() throws Exception {
		SessionClient ada = SessionClient.signedIn(instance(), "ada");
		// The session made at sign-in is written, then read and kept; the reads below are within a minute
		// of it. Redis's reports of the sign-in's own writes come on another connection and may drop the
		// first copy kept (a report during a read drops what it read), so a read that costs no HGETALL
		// comes first: once the reports are in, a copy stays.
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			long reads = sessionCommands().get("hgetall");
			assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(200);
			assertThat(sessionCommands().get("hgetall")).isEqualTo(reads);
		});
		Map<String, Long> before = sessionCommands();
		for (int i = 0; i < 10; i++) {
			// An admin-only API: 200 proves the session was found, and so signed in.
			assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(200);
		}
		Map<String, Long> after = sessionCommands();
		assertThat(after.get("hgetall") - before.get("hgetall")).as("no read: the copy Redis keeps true").isZero();
		for (String write : SESSION_WRITES) {
			assertThat(after.get(write) - before.get(write)).as(write).isZero();
		}
	}

	@Test
	void aSessionDeletedInRedisIsNotServedFromItsCopy() throws Exception {
		SessionClient ada = SessionClient.signedIn(instance(), "ada");
		assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(200);
		assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(200);

		// What another instance does when Ada signs out there: her session's key goes.
		SharedRedis probe = RedisClients.connected(TestRedis.get().url());
		try {
			for (byte[] key : keys()) {
				probe.commands().orElseThrow().del(key).get();
			}
		}
		finally {
			RedisClients.close(probe);
		}
		// Redis pushes the change to the tracking connection before it answers the DEL; the bound
		// only covers Lettuce's event loop handing that push over.
		await().atMost(Duration.ofMillis(500))
			.pollInterval(Duration.ofMillis(10))
			.untilAsserted(() -> assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(401));
		assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(401);
	}

	@Test
	void whileRedisIsDownUsersAreSignedOutAtOnceAndSignInIsRefused(CapturedOutput output) throws Exception {
		SessionClient ada = SessionClient.signedIn(instance(), "ada");
		assertThat(ada.get(instance(), "/api/datasources").statusCode()).isEqualTo(200);
		this.redis.stop();
		try {
			for (int i = 0; i < 20; i++) {
				long started = System.nanoTime();
				HttpResponse<String> dashboards = ada.get(instance(), "/api/dashboards");
				HttpResponse<String> admin = ada.get(instance(), "/api/datasources");
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(dashboards.statusCode()).as("public dashboards").isEqualTo(200);
				assertThat(admin.statusCode()).as("an admin page, signed out").isEqualTo(401);
				assertThat(took).isLessThan(REDIS_COMMAND_TIMEOUT);
			}
			long started = System.nanoTime();
			HttpResponse<String> signIn = new SessionClient().signIn(instance(), "ada", "ada-Pa55word");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REDIS_COMMAND_TIMEOUT);
			assertThat(signIn.statusCode()).isEqualTo(503);
			assertThat(SessionClient.code(signIn)).isEqualTo("SESSION_STORE_UNAVAILABLE");
			assertThat(signIn.headers().firstValue("Retry-After")).isPresent();
			assertThat(output.getOut().split(OUTAGE_LOGGED, -1)).as("the outage logged once").hasSize(2);
		}
		finally {
			this.redis.start();
		}
		SessionClient again = new SessionClient();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> again.signIn(instance(), "ada", "ada-Pa55word").statusCode() == 200);
		assertThat(createDashboard(again, "after-the-outage", again.csrfToken(instance())).statusCode()).isEqualTo(201);
		assertThat(output.getOut()).contains("Sessions are read and stored in Redis at");
	}

	private URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	private HttpResponse<String> createDashboard(SessionClient client, String slug, String token) throws Exception {
		return client.post(instance(), "/api/dashboards",
				"{\"slug\":\"" + slug + "\",\"title\":\"" + slug + "\",\"description\":\"\"}", token);
	}

	private static List<byte[]> keys() throws Exception {
		SharedRedis probe = RedisClients.connected(TestRedis.get().url());
		try {
			return probe.commands()
				.orElseThrow()
				.keys((SessionsConfiguration.KEY_NAMESPACE + ":sessions:*").getBytes(StandardCharsets.US_ASCII))
				.get();
		}
		finally {
			RedisClients.close(probe);
		}
	}

	private static long ttlMillis(byte[] key) throws Exception {
		SharedRedis probe = RedisClients.connected(TestRedis.get().url());
		try {
			return probe.commands().orElseThrow().pttl(key).get();
		}
		finally {
			RedisClients.close(probe);
		}
	}

	/**
	 * Calls of each command that reads or writes a session hash, server-wide, from INFO commandstats:
	 * only the session store uses these commands.
	 */
	private static Map<String, Long> sessionCommands() throws Exception {
		SharedRedis probe = RedisClients.connected(TestRedis.get().url());
		try {
			String stats = probe.commands().orElseThrow().info("commandstats").get();
			Map<String, Long> calls = new HashMap<>();
			for (String command : SESSION_COMMANDS) {
				Matcher found = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(stats);
				calls.put(command, found.find() ? Long.parseLong(found.group(1)) : 0);
			}
			return calls;
		}
		finally {
			RedisClients.close(probe);
		}
	}

	private long lookoutClients() {
		return RedisClients.clientNames(this.redis.port())
			.stream()
			.filter(SharedRedis.CLIENT_NAME::equals)
			.count();
	}

}
