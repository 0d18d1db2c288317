package dev.lookout.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * An answer as status, headers (its content type among them) and body bytes, made without a
 * request object: for the answers given while the instance starts, which the early port writes to
 * a socket and Tomcat's valve to a response.
 */
public record PlainAnswer(int status, HttpHeaders headers, byte[] body) {

	/** Writes it to {@code response}; the body is left out for a {@code HEAD} request. */
	public void writeTo(HttpServletResponse response, String method) throws IOException {
		response.setStatus(this.status);
		this.headers.forEach((name, values) -> {
			// Set, then added: a header the response already has (the request id) is not repeated.
			response.setHeader(name, values.get(0));
			values.stream().skip(1).forEach((value) -> response.addHeader(name, value));
		});
		response.setContentLength(this.body.length);
		if (!"HEAD".equals(method)) {
			response.getOutputStream().write(this.body);
		}
	}

}
