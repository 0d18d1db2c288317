package dev.lookout.lifecycle;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early port opens where the configuration says Tomcat will listen, not when Tomcat would speak
 * TLS there or pick a random port, and closes when the start fails.
 */
class EarlyPortOpenerTest {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private final SpringApplication application = new SpringApplication(EarlyPortOpenerTest.class);

	private final EarlyPortOpener opener = new EarlyPortOpener();

	@AfterEach
	void closeWhatIsLeft() {
		EarlyPort.claim(LOOPBACK, 0).ifPresent(EarlyPort::close);
	}

	@Test
	void opensWhereTomcatWillListen() throws Exception {
		int port = freePort();
		this.opener.onApplicationEvent(prepared(Map.of("server.port", port)));
		Optional<EarlyPort> claimed = EarlyPort.claim(LOOPBACK, port);
		assertThat(claimed).hasValueSatisfying((early) -> assertThat(early.address().getPort()).isEqualTo(port));
		claimed.get().close();
	}

	@Test
	void leavesTheRandomPortAndTlsToTomcat() throws Exception {
		this.opener.onApplicationEvent(prepared(Map.of("server.port", 0)));
		// None was opened, so one may be.
		EarlyPort.open(new InetSocketAddress(LOOPBACK, 0), 50, new StartingAnswers(Clock.systemUTC(), Duration.ZERO))
			.close();
		int port = freePort();
		this.opener.onApplicationEvent(prepared(Map.of("server.port", port, "server.ssl.bundle", "web")));
		assertThat(EarlyPort.claim(LOOPBACK, port)).isEmpty();
	}

	@Test
	void closesWhenTheStartFails() throws Exception {
		int port = freePort();
		this.opener.onApplicationEvent(prepared(Map.of("server.port", port)));
		this.opener.onApplicationEvent(new ApplicationFailedEvent(this.application, new String[0], null,
				new IllegalStateException("the start failed")));
		assertThat(EarlyPort.claim(LOOPBACK, port)).isEmpty();
		try (ServerSocket again = new ServerSocket(port, 50, LOOPBACK)) {
			assertThat(again.getLocalPort()).isEqualTo(port);
		}
	}

	private ApplicationEnvironmentPreparedEvent prepared(Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put("server.address", LOOPBACK.getHostAddress());
		all.put("lookout.start.timeout", "2m");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", all));
		return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), this.application, new String[0],
				environment);
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
			return socket.getLocalPort();
		}
	}

}
