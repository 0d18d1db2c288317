package dev.lookout.web;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure with a stable code, thrown by any module; subclasses name the outcome
 * ({@code CircuitOpen}, {@code EditConflict}). The detail is shown to clients, so it must
 * say what happened and what to do, and must never carry a secret.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final Duration retryAfter;

	public ApiException(ErrorCode code, String detail) {
		this(code, detail, null);
	}

	public ApiException(ErrorCode code, String detail, Duration retryAfter) {
		super(detail);
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public ErrorCode code() {
		return this.code;
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
