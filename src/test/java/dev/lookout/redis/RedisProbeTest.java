package dev.lookout.redis;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.TestRedis;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The probe on real Redis servers: plain and over TLS, up, stopped and hung. */
class RedisProbeTest {

	private static final TestRedis server = TestRedis.get();

	/** As the watchdog gives it one interval; the first probe of a JVM also loads Netty. */
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@AfterEach
	void leaveServerRunning() {
		server.resume();
		server.start();
	}

	@Test
	void aServerThatIsUpAnswers() {
		assertThat(probe(server.url()).answers(TIMEOUT)).isTrue();
	}

	@Test
	void aServerThatAsksForAPasswordStillAnswers() {
		assertThat(probe("redis://:wrong-password@127.0.0.1:" + server.port()).answers(TIMEOUT)).isTrue();
	}

	@Test
	void aStoppedServerDoesNotAnswer() {
		server.stop();
		assertThat(probe(server.url()).answers(TIMEOUT)).isFalse();
	}

	@Test
	void aHungServerDoesNotAnswerWithinAboutTheTimeout() {
		server.pause();
		long started = System.nanoTime();
		assertThat(probe(server.url()).answers(TIMEOUT)).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
	}

	/** The case a raw socket could not probe: the TLS handshake comes before PING. */
	@Test
	void aServerBehindTlsAnswers(@TempDir Path dir) throws Exception {
		Path cert = dir.resolve("cert.pem");
		Path key = dir.resolve("key.pem");
		run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
				cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1"));
		int port = AppProcess.freePort();
		Process tls = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", "0", "--tls-port",
				String.valueOf(port), "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
				"--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> listens(port));
			RedisURI rediss = RedisConfiguration.parse("rediss://127.0.0.1:" + port);
			assertThat(rediss.isSsl()).isTrue();
			// Self-signed, and trusted by no store: verification off here, as a trusted certificate would not need.
			RedisURI unverified = RedisURI.builder(rediss).withVerifyPeer(false).build();
			assertThat(new RedisProbe(unverified).answers(TIMEOUT)).isTrue();
			assertThat(new RedisProbe(rediss).answers(TIMEOUT)).as("an untrusted certificate").isFalse();
			assertThat(probe("redis://127.0.0.1:" + port).answers(TIMEOUT)).as("plain text to a TLS port").isFalse();
		}
		finally {
			tls.destroy();
			tls.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static RedisProbe probe(String url) {
		return new RedisProbe(RedisConfiguration.parse(url));
	}

	private static boolean listens(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
	}

}
