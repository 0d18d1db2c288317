package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Opens the {@link EarlyPort} where Tomcat will listen as soon as the configuration is read (after
 * the startup guard, which may refuse it), and closes it if the start fails. Added by the
 * application's {@code main}; tests that build their own context and a random port go without.
 */
public final class EarlyPortOpener implements ApplicationListener<SpringApplicationEvent> {

	private static final Log logger = LogFactory.getLog(EarlyPortOpener.class);

	/** Any of these makes Tomcat speak TLS on the port. */
	private static final List<String> SSL_PROPERTIES = List.of("server.ssl.enabled", "server.ssl.bundle",
			"server.ssl.key-store", "server.ssl.certificate");

	private EarlyPort opened;

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			open(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationFailedEvent && this.opened != null) {
			this.opened.close();
		}
	}

	private void open(ConfigurableEnvironment environment) {
		Integer port = environment.getProperty("server.port", Integer.class);
		if (port == null || port <= 0) {
			// A random port is known only once Tomcat has bound it.
			return;
		}
		if (SSL_PROPERTIES.stream().anyMatch(environment::containsProperty)) {
			// The early port speaks plain HTTP; Lookout runs behind a proxy that ends TLS, but not everyone's does.
			return;
		}
		Binder binder = Binder.get(environment);
		// application.yaml holds the default, as it does for StartSettings.
		Duration startTimeout = binder.bind("lookout.start.timeout", Duration.class).get();
		int backlog = environment.getProperty("server.tomcat.accept-count", Integer.class, 100);
		try {
			String host = environment.getProperty("server.address");
			InetAddress address = StringUtils.hasText(host) ? InetAddress.getByName(host) : null;
			this.opened = EarlyPort.open(new InetSocketAddress(address, port), backlog,
					new StartingAnswers(Clock.systemUTC(), startTimeout));
		}
		catch (IOException ex) {
			// Tomcat then binds the port itself, and reports it taken with Spring Boot's own message.
			logger.warn("Could not open the port early (" + ex.getMessage() + "); Tomcat will open it");
		}
	}

}
