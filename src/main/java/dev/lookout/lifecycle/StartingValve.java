package dev.lookout.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.ProblemWriter;
import dev.lookout.web.RequestIds;
import dev.lookout.web.RequestPaths;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import org.springframework.http.MediaType;

/**
 * Answers every request while the instance is starting: the port opens before the rest of the
 * start (see {@link EarlyPortContext}), and until the instance is ready nothing behind this may run.
 * The liveness probe gets 200 (503 once the start has taken longer than {@code START_TIMEOUT}, so an
 * orchestrator restarts a start that hangs), the other probes 503 {@code OUT_OF_SERVICE}, anything
 * else 503 {@code STARTING} with {@code Retry-After}. A valve rather than a filter: Tomcat
 * initializes the dispatcher servlet before a request's filters run, and neither it nor Actuator
 * nor the error page may be touched while the context is still being built.
 */
final class StartingValve extends ValveBase {

	/** Starts take a few seconds; a client that waits this long is likely to find the instance ready. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private static final String LIVENESS_PATH = "/health/live";

	private final ReloadCoordinator reloads;

	private final Clock clock;

	private final Instant startDeadline;

	StartingValve(ReloadCoordinator reloads, Clock clock, Duration startTimeout) {
		super(true);
		this.reloads = reloads;
		this.clock = clock;
		this.startDeadline = clock.instant().plus(startTimeout);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (this.reloads.state() != InstanceState.STARTING) {
			getNext().invoke(request, response);
			return;
		}
		RequestIds.assign(request, response);
		if (!RequestPaths.isHealthProbe(request)) {
			ProblemWriter.write(Failure.of(ErrorCode.STARTING, "Lookout is starting; retry in a moment.")
				.withRetryAfter(RETRY_AFTER), request, response);
			return;
		}
		boolean liveness = LIVENESS_PATH.equals(RequestPaths.path(request));
		boolean alive = liveness && this.clock.instant().isBefore(this.startDeadline);
		// Actuator's statuses: not ready yet is OUT_OF_SERVICE; a start past its deadline is DOWN.
		String status = alive ? "UP" : (liveness ? "DOWN" : "OUT_OF_SERVICE");
		byte[] body = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.US_ASCII);
		response.setStatus(alive ? Response.SC_OK : Response.SC_SERVICE_UNAVAILABLE);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(body);
		}
	}

}
