package dev.lookout.web;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * Renders a {@link Failure} as RFC 9457 problem details for clients, or as a plain page for
 * browsers, with the same members and headers either way.
 */
final class ProblemRendering {

	static final String TYPE_PREFIX = "urn:lookout:problem:";

	private ProblemRendering() {
	}

	static ResponseEntity<ProblemDetail> problem(Failure failure, HttpServletRequest request) {
		return problem(failure, originalUri(request), RequestIds.of(request));
	}

	/** The problem for a request for {@code requestUri}, known by {@code requestId}. */
	static ResponseEntity<ProblemDetail> problem(Failure failure, String requestUri, String requestId) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(
				HttpStatusCode.valueOf(failure.status()), failure.detail());
		body.setType(URI.create(TYPE_PREFIX + failure.code().name()));
		body.setTitle(failure.code().title());
		body.setInstance(URI.create(requestUri));
		body.setProperty("code", failure.code().name());
		body.setProperty("requestId", requestId);
		failure.retryAfterSeconds().ifPresent((seconds) -> body.setProperty("retryAfterSeconds", seconds));
		return ResponseEntity.status(failure.status())
			.headers(headers(failure))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body);
	}

	static ModelAndView page(Failure failure, HttpServletRequest request, HttpServletResponse response) {
		response.setStatus(failure.status());
		headers(failure).forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		return new ModelAndView("error", Map.of("status", failure.status(), "title", failure.code().title(),
				"detail", failure.detail(), "code", failure.code().name(), "requestId",
				String.valueOf(RequestIds.of(request)), "retryAfterSeconds",
				failure.retryAfterSeconds().map(String::valueOf).orElse("")));
	}

	/** The path the client asked for, also when the container forwarded the failure to the error page. */
	private static String originalUri(HttpServletRequest request) {
		Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return (forwarded instanceof String uri) ? uri : request.getRequestURI();
	}

	private static HttpHeaders headers(Failure failure) {
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(failure.headers());
		failure.retryAfterSeconds().ifPresent((seconds) -> headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
		return headers;
	}

}
