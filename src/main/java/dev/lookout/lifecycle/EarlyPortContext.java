package dev.lookout.lifecycle;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;

/**
 * The application context that starts Tomcat's connector as soon as the web server exists, before
 * the other singletons (pools, directory, definitions) are made, rather than at the very end of the
 * start: Tomcat then takes over from the {@link EarlyPort} and gives the starting answers itself
 * ({@link StartingValve}) until the instance is ready. Spring Boot has no setting for this; its own
 * start of the web server, at the end, then finds it started. Used by the application's
 * {@code main}; tests that build their own context keep Boot's.
 */
public final class EarlyPortContext extends AnnotationConfigServletWebServerApplicationContext {

	@Override
	protected void onRefresh() {
		super.onRefresh();
		WebServer server = getWebServer();
		if (server != null) {
			server.start();
		}
	}

}
