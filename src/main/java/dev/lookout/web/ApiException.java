package dev.lookout.web;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * A failure with a stable code, thrown by any module; subclasses name the outcome
 * ({@code CircuitOpen}, {@code EditConflict}). The detail is shown to clients, so it must
 * say what happened and what to do, and must never carry a secret.
 */
public class ApiException extends RuntimeException {

	/** Framework wrappers seen in practice are one or two deep; this only stops a cause cycle. */
	private static final int MAX_CAUSE_DEPTH = 16;

	private final ErrorCode code;

	private final Duration retryAfter;

	public ApiException(ErrorCode code, String detail) {
		this(code, detail, null);
	}

	public ApiException(ErrorCode code, String detail, Duration retryAfter) {
		this(code, detail, retryAfter, null);
	}

	/** With the low-level failure as its cause: for the log and for telling infrastructure failures apart. */
	public ApiException(ErrorCode code, String detail, Duration retryAfter, Throwable cause) {
		super(detail, cause);
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public ErrorCode code() {
		return this.code;
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * The refusal of a change because the application database is unavailable, if that is what
	 * the failure is: what a form answers itself, showing again what was typed.
	 */
	public static Optional<ApiException> unsaved(Throwable failure) {
		return in(failure).filter((api) -> api.code == ErrorCode.APP_DATABASE_UNAVAILABLE);
	}

	/** Sets the status and {@code Retry-After} on a page a controller renders itself, as the error mapping would. */
	public void answerOn(HttpServletResponse response) {
		Failure failure = new Failure(this.code, this.code.status().value(), getMessage(), retryAfter(),
				HttpHeaders.EMPTY);
		response.setStatus(failure.status());
		failure.retryAfterSeconds().ifPresent((seconds) -> response.setHeader(HttpHeaders.RETRY_AFTER,
				String.valueOf(seconds)));
	}

	/**
	 * The first {@code ApiException} in the failure's cause chain, itself included. A framework
	 * may wrap one: Spring's JDBC support wraps a connection its {@code DataSource} refused in
	 * {@code CannotGetJdbcConnectionException} or {@code CannotCreateTransactionException}.
	 */
	public static Optional<ApiException> in(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (current instanceof ApiException api) {
				return Optional.of(api);
			}
			current = current.getCause();
		}
		return Optional.empty();
	}

}
