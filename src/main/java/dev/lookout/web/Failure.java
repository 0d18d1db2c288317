package dev.lookout.web;

import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpHeaders;

/**
 * A failure as clients see it: code, status, safe detail, when to retry, and any headers the
 * failure carries (such as {@code Allow} on 405).
 */
public record Failure(ErrorCode code, int status, String detail, Optional<Duration> retryAfter, HttpHeaders headers) {

	/** Request attribute through which a filter hands a failure to the error page. */
	public static final String ATTRIBUTE = Failure.class.getName();

	public static Failure of(ErrorCode code, String detail) {
		return new Failure(code, code.status().value(), detail, Optional.empty(), HttpHeaders.EMPTY);
	}

	public Failure withRetryAfter(Duration retryAfter) {
		return new Failure(this.code, this.status, this.detail, Optional.of(retryAfter), this.headers);
	}

	/** Whole seconds to wait, rounded up and at least one; empty when not retryable. */
	public Optional<Long> retryAfterSeconds() {
		if (!this.code.retryable()) {
			return Optional.empty();
		}
		Duration wait = this.retryAfter.orElse(Duration.ofSeconds(1));
		long seconds = wait.getSeconds() + ((wait.getNano() > 0) ? 1 : 0);
		return Optional.of(Math.max(1, seconds));
	}

}
