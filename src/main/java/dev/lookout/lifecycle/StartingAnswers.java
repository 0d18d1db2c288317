package dev.lookout.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.PlainAnswer;
import dev.lookout.web.ProblemWriter;
import dev.lookout.web.RequestIds;
import dev.lookout.web.RequestPaths;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * What every request gets while the instance starts, one contract whoever holds the connection
 * (the {@link EarlyPort} before Tomcat exists, the {@link StartingValve} after): the liveness probe
 * 200 (503 once the start has taken longer than {@code START_TIMEOUT}, so that an orchestrator
 * restarts a start that hangs), the other probes 503 {@code OUT_OF_SERVICE}, anything else 503
 * {@code STARTING} with {@code Retry-After}, each with its request id.
 */
final class StartingAnswers {

	/** Starts take a few seconds; a client that waits this long is likely to find the instance ready. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private static final String LIVENESS_PATH = "/health/live";

	private final Clock clock;

	private final Instant startDeadline;

	StartingAnswers(Clock clock, Duration startTimeout) {
		this.clock = clock;
		this.startDeadline = clock.instant().plus(startTimeout);
	}

	/**
	 * @param path the request's normalized path, which decides what it is
	 * @param requestUri its path as sent, which the problem names
	 * @param offeredId the client's {@value RequestIds#HEADER}, or {@code null}
	 * @param accept its {@code Accept} header, or {@code null}
	 */
	PlainAnswer to(String path, String requestUri, String offeredId, String accept) {
		String requestId = RequestIds.accept(offeredId);
		if (!RequestPaths.isHealthProbe(path)) {
			return ProblemWriter.render(Failure.of(ErrorCode.STARTING, "Lookout is starting; retry in a moment.")
				.withRetryAfter(RETRY_AFTER), requestUri, requestId, accept);
		}
		boolean liveness = LIVENESS_PATH.equals(path);
		boolean alive = liveness && this.clock.instant().isBefore(this.startDeadline);
		// Actuator's statuses: not ready yet is OUT_OF_SERVICE; a start past its deadline is DOWN.
		String status = alive ? "UP" : (liveness ? "DOWN" : "OUT_OF_SERVICE");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		headers.set(RequestIds.HEADER, requestId);
		return new PlainAnswer(alive ? 200 : 503, headers,
				("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.US_ASCII));
	}

}
