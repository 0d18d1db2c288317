package dev.lookout.web;

import java.util.Arrays;

import org.springframework.http.HttpStatus;

/**
 * The stable codes clients program against; {@code docs/errors.md} documents each. A code
 * never changes meaning once released: add a new one instead.
 */
public enum ErrorCode {

	BAD_REQUEST(HttpStatus.BAD_REQUEST, "The request is malformed"),
	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "The request has invalid values"),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Authentication is required"),
	TOKEN_INVALID(HttpStatus.UNAUTHORIZED, "The API token is not valid"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "Not allowed"),
	CSRF_TOKEN_MISSING(HttpStatus.FORBIDDEN, "CSRF token missing"),
	CSRF_TOKEN_INVALID(HttpStatus.FORBIDDEN, "CSRF token invalid"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),
	CONFLICT(HttpStatus.CONFLICT, "Conflict"),
	EDIT_CONFLICT(HttpStatus.CONFLICT, "Changed by somebody else"),
	PROVISIONED(HttpStatus.CONFLICT, "Provisioned from a file: change the file"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request is too large"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", true),
	QUERY_FAILED(HttpStatus.BAD_REQUEST, "The query failed"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", true),
	DATASOURCE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The data source cannot be reached", true),
	DATASOURCE_REFUSED(HttpStatus.CONFLICT, "Lookout refuses to open this data source"),
	DIRECTORY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The directory cannot be reached", true),
	SESSION_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Sessions cannot be stored: sign-in is paused", true),
	APP_DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The application database is unavailable: changes cannot be saved", true),
	DB_POOL_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "Every database connection is busy", true),
	CIRCUIT_OPEN(HttpStatus.SERVICE_UNAVAILABLE, "A dependency keeps failing: not calling it for now", true),
	OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "The server is busy", true),
	RELOADING(HttpStatus.SERVICE_UNAVAILABLE, "Reloading its pools and clients", true),
	STARTING(HttpStatus.SERVICE_UNAVAILABLE, "Starting", true),
	QUERY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "The query took too long");

	private final HttpStatus status;

	private final String title;

	private final boolean retryable;

	ErrorCode(HttpStatus status, String title) {
		this(status, title, false);
	}

	ErrorCode(HttpStatus status, String title, boolean retryable) {
		this.status = status;
		this.title = title;
		this.retryable = retryable;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** Whether the same request may succeed later; such answers carry {@code Retry-After}. */
	public boolean retryable() {
		return this.retryable;
	}

	/** The generic code for a status that no specific failure explained. */
	public static ErrorCode forStatus(int status) {
		return Arrays.stream(values())
			.filter((code) -> code.status.value() == status)
			.findFirst()
			.orElse((status >= 500) ? INTERNAL_ERROR : BAD_REQUEST);
	}

}
