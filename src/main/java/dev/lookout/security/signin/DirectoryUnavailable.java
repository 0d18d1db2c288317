package dev.lookout.security.signin;

import java.time.Duration;

import dev.lookout.resilience.CircuitOpen;
import dev.lookout.resilience.InfrastructureFailure;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * The directory could not be used to check a password: refused, timed out, misconfigured, or
 * its breaker open after repeated failures. Counted by the directory's breaker.
 */
class DirectoryUnavailable extends AuthenticationServiceException implements InfrastructureFailure {

	/** When nothing better is known: a directory outage is usually a restart or a network blip. */
	static final Duration DEFAULT_RETRY = Duration.ofSeconds(10);

	private final Duration retryAfter;

	DirectoryUnavailable(Throwable cause) {
		super(NestedExceptionUtils.getMostSpecificCause(cause).getMessage(), cause);
		this.retryAfter = DEFAULT_RETRY;
	}

	DirectoryUnavailable(String message) {
		super(message);
		this.retryAfter = DEFAULT_RETRY;
	}

	/** The breaker refused the call: try again when it lets a trial through. */
	DirectoryUnavailable(CircuitOpen open) {
		super(open.getMessage(), open);
		this.retryAfter = open.retryAfter().orElse(DEFAULT_RETRY);
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
