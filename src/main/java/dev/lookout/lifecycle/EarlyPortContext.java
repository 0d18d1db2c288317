package dev.lookout.lifecycle;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;

/**
 * The application context that opens the port as soon as the web server exists, before the other
 * singletons (pools, directory, definitions) are made, rather than at the very end of the start:
 * a client or a probe gets an answer within about a second of launch instead of a refused
 * connection, and {@link InstanceStateFilter} gives it until the instance is ready. Spring Boot
 * has no setting for this; its own start of the web server, at the end, then finds it started.
 * Used by the application's {@code main}; tests that build their own context keep Boot's.
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
