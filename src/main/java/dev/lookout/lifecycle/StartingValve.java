package dev.lookout.lifecycle;

import java.io.IOException;

import dev.lookout.web.RequestIds;
import dev.lookout.web.RequestPaths;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import org.springframework.http.HttpHeaders;

/**
 * Gives every request its {@link StartingAnswers starting answer} from the moment Tomcat takes the
 * port over from the {@link EarlyPort} until the instance is ready: nothing behind this may run
 * before. A valve rather than a filter: Tomcat initializes the dispatcher servlet before a
 * request's filters run, and neither it nor Actuator nor the error page may be touched while the
 * context is still being built.
 */
final class StartingValve extends ValveBase {

	private final ReloadCoordinator reloads;

	private final StartingAnswers answers;

	StartingValve(ReloadCoordinator reloads, StartingAnswers answers) {
		super(true);
		this.reloads = reloads;
		this.answers = answers;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (this.reloads.state() != InstanceState.STARTING) {
			getNext().invoke(request, response);
			return;
		}
		// Assigned here too, so that what logs the request after this valve finds its id.
		String requestId = RequestIds.assign(request, response);
		this.answers
			.to(RequestPaths.path(request), request.getRequestURI(), requestId, request.getHeader(HttpHeaders.ACCEPT))
			.writeTo(response, request.getMethod());
	}

}
