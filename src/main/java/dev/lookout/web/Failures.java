package dev.lookout.web;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.method.MethodValidationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import java.time.Duration;
import java.util.Optional;

/**
 * The one place that turns an exception into what a client sees. Unknown exceptions become
 * {@code INTERNAL_ERROR} with a neutral detail: their messages and stack traces go to the log
 * (with the request id), never to the client.
 */
final class Failures {

	private static final Log log = LogFactory.getLog(Failures.class);

	/** Long enough for a database restart or a connection storm to pass. */
	private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

	private Failures() {
	}

	static Failure describe(Throwable exception) {
		if (exception instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
			// The rollback failed too (on a connection the first failure broke) and took its place:
			// the failure that says what happened is the first one.
			return describe(rollback.getApplicationException());
		}
		Optional<ApiException> known = ApiException.in(exception);
		if (known.isPresent()) {
			ApiException api = known.get();
			// An expected outcome with its own code: worth a line, never a stack trace.
			Failure failure = new Failure(api.code(), api.code().status().value(), api.getMessage(), api.retryAfter(),
					HttpHeaders.EMPTY);
			// An open breaker answers every request while it lasts, and so does a known outage of the
			// application database; the breaker and the health probe log their own changes.
			if (failure.status() >= 500 && failure.code() != ErrorCode.CIRCUIT_OPEN
					&& failure.code() != ErrorCode.APP_DATABASE_UNAVAILABLE) {
				log.warn("Answered " + failure.code() + ": " + failure.detail());
			}
			else if (log.isDebugEnabled()) {
				log.debug("Answered " + failure.code() + ": " + failure.detail());
			}
			return failure;
		}
		if (exception instanceof DataAccessResourceFailureException
				|| exception instanceof TransientDataAccessResourceException
				|| exception instanceof CannotCreateTransactionException) {
			// The application database dropped or refused a connection mid-request (a restart, a hang
			// past the network timeout): an outage to wait out, not a bug. Only it gets here: a data
			// source's failures are translated where its queries run.
			log.warn("Answered " + ErrorCode.APP_DATABASE_UNAVAILABLE + ": " + exception.getMessage());
			return Failure.of(ErrorCode.APP_DATABASE_UNAVAILABLE,
					"The application database did not answer, so this could not be done; what you see is still"
							+ " served. Retry shortly.")
				.withRetryAfter(DATABASE_RETRY_AFTER);
		}
		if (exception instanceof HttpMessageNotReadableException) {
			return Failure.of(ErrorCode.BAD_REQUEST,
					"The request body is not valid JSON for this endpoint (malformed, or a value of the wrong type).");
		}
		if (exception instanceof TypeMismatchException mismatch) {
			String name = (mismatch.getPropertyName() != null) ? mismatch.getPropertyName() : "a parameter";
			return Failure.of(ErrorCode.BAD_REQUEST, "The value of " + name + " has the wrong type"
					+ ((mismatch.getRequiredType() != null) ? "; expected " + mismatch.getRequiredType().getSimpleName() : "")
					+ ".");
		}
		if (exception instanceof MethodArgumentNotValidException || exception instanceof HandlerMethodValidationException
				|| exception instanceof MethodValidationException) {
			return Failure.of(ErrorCode.VALIDATION_FAILED, ((ErrorResponse) exception).getBody().getDetail());
		}
		if (exception instanceof ErrorResponse response) {
			int status = response.getStatusCode().value();
			String detail = Optional.ofNullable(response.getBody().getDetail()).orElse(ErrorCode.forStatus(status).title());
			return new Failure(ErrorCode.forStatus(status), status, detail, Optional.empty(), response.getHeaders());
		}
		Failure failure = Failure.of(ErrorCode.INTERNAL_ERROR,
				"Something went wrong on our side. Quote the request id when you report it.");
		log.error("Unhandled failure answered with " + failure.code(), exception);
		return failure;
	}

	/** What happened when the servlet container reported only a status (no exception). */
	static Failure forStatus(int status) {
		ErrorCode code = ErrorCode.forStatus(status);
		return new Failure(code, status, code.title(), Optional.empty(), HttpHeaders.EMPTY);
	}

}
