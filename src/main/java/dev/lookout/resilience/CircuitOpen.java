package dev.lookout.resilience;

import java.time.Duration;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * A breaker is open: the dependency behind it kept failing, so the call was refused at once
 * instead of waiting for it. Retry after the time left until the breaker lets a trial call through.
 */
public class CircuitOpen extends ApiException {

	CircuitOpen(String subject, Duration untilHalfOpen) {
		super(ErrorCode.CIRCUIT_OPEN,
				subject + " keeps failing, so Lookout stopped calling it for a moment; it tries again shortly.",
				untilHalfOpen);
	}

}
