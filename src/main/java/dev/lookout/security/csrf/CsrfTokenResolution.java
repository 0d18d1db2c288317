package dev.lookout.security.csrf;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring Security's masked (BREACH-safe) token handling, except that a token in the query
 * string is not accepted: URLs end up in logs, browser history and Referer headers, so a token
 * there would leak. The header ({@code X-CSRF-Token}) and a form body field ({@code _csrf})
 * are the two accepted places.
 */
public final class CsrfTokenResolution implements CsrfTokenRequestHandler {

	private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
		this.masked.handle(request, response, csrfToken);
	}

	@Override
	public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
		return this.masked.resolveCsrfTokenValue(new WithoutQueryParameter(request, csrfToken.getParameterName()),
				csrfToken);
	}

	/** The token as presented (still masked), from the header or a body field; null when absent. */
	String presentedValue(HttpServletRequest request, String headerName, String parameterName) {
		String header = request.getHeader(headerName);
		if (header != null && !header.isBlank()) {
			return header;
		}
		String field = new WithoutQueryParameter(request, parameterName).getParameter(parameterName);
		return (field != null && !field.isBlank()) ? field : null;
	}

	/** Hides a parameter when the query string carries it, so only a body field can supply it. */
	private static final class WithoutQueryParameter extends HttpServletRequestWrapper {

		private final String name;

		WithoutQueryParameter(HttpServletRequest request, String name) {
			super(request);
			this.name = name;
		}

		@Override
		public String getParameter(String parameter) {
			if (this.name.equals(parameter) && inQueryString()) {
				return null;
			}
			return super.getParameter(parameter);
		}

		/** Decodes the names as the servlet container does, so {@code %5Fcsrf} cannot slip through. */
		private boolean inQueryString() {
			String query = getQueryString();
			return query != null && Arrays.stream(query.split("&"))
				.map((pair) -> pair.split("=", 2)[0])
				.map((key) -> URLDecoder.decode(key, StandardCharsets.UTF_8))
				.anyMatch(this.name::equals);
		}

	}

}
