package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the lifecycle phase against a real web server, not against the constant. */
class ManagedResourcesStopAfterWebServerStopTest {

	@Test
	void runsTheHooksOnlyOnceTheWebServerNoLongerAcceptsConnections() {
		List<Boolean> acceptedDuringHook = new CopyOnWriteArrayList<>();
		try (AnnotationConfigServletWebServerApplicationContext context =
				new AnnotationConfigServletWebServerApplicationContext()) {
			TestPropertyValues.of("lookout.shutdown.budget=5s", "lookout.shutdown.hook-timeout=2s",
					"lookout.start.timeout=2m").applyTo(context);
			context.register(LifecycleConfiguration.class, GracefulTomcatConfiguration.class);
			context.refresh();
			int port = context.getWebServer().getPort();
			assertThat(accepts(port)).as("server accepts before close").isTrue();
			context.getBean(ManagedResources.class)
				.register("probe", ShutdownOrder.CACHE_UPDATER, () -> acceptedDuringHook.add(accepts(port)));
		}

		assertThat(acceptedDuringHook).as("server accepted while the hook ran").containsExactly(false);
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class GracefulTomcatConfiguration {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		TomcatServletWebServerFactory webServerFactory() {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
			factory.setShutdown(Shutdown.GRACEFUL);
			return factory;
		}

	}

}
