package dev.lookout.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders a failure to bytes, with the members and headers of {@link ProblemRendering}: for the
 * answers given while the instance is still starting, when neither the error page nor the message
 * converters exist yet (nor, on the early port, a servlet request). Problem details for clients, a plain page that reloads itself for
 * browsers.
 */
public final class ProblemWriter {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ProblemWriter() {
	}

	/**
	 * {@code failure} as an answer to a request for {@code requestUri} (its path, as sent) that
	 * carried {@code accept} and was given {@code requestId}.
	 */
	public static PlainAnswer render(Failure failure, String requestUri, String requestId, String accept) {
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(failure.headers());
		failure.retryAfterSeconds()
			.ifPresent((seconds) -> headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
		headers.set(RequestIds.HEADER, requestId);
		byte[] body;
		if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
			headers.set(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
			body = page(failure, requestId).getBytes(StandardCharsets.UTF_8);
		}
		else {
			headers.set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			body = json.writeValueAsBytes(members(ProblemRendering.problem(failure, requestUri, requestId).getBody()));
		}
		return new PlainAnswer(failure.status(), headers, body);
	}

	/** The problem's members as RFC 9457 lays them out: the standard ones, then the extensions at the top level. */
	private static Map<String, Object> members(ProblemDetail problem) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", problem.getType().toString());
		members.put("title", problem.getTitle());
		members.put("status", problem.getStatus());
		members.put("detail", problem.getDetail());
		members.put("instance", problem.getInstance().toString());
		if (problem.getProperties() != null) {
			members.putAll(problem.getProperties());
		}
		return members;
	}

	private static String page(Failure failure, String requestId) {
		String refresh = failure.retryAfterSeconds()
			.map((seconds) -> "<meta http-equiv=\"refresh\" content=\"" + seconds + "\">")
			.orElse("");
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" + refresh + "<title>"
				+ failure.status() + " " + HtmlUtils.htmlEscape(failure.code().title()) + " · Lookout</title></head>"
				+ "<body><h1>" + failure.status() + " " + HtmlUtils.htmlEscape(failure.code().title()) + "</h1><p>"
				+ HtmlUtils.htmlEscape(failure.detail()) + "</p><p>Code <code>" + failure.code().name()
				+ "</code> · request <code>" + HtmlUtils.htmlEscape(requestId)
				+ "</code></p></body></html>";
	}

}
