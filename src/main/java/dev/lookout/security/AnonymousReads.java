package dev.lookout.security;

import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Whether dashboards and panel results may be read without signing in ({@code PUBLIC_DASHBOARDS}),
 * and the headers the application's filter chain writes on a JSON answer: one decision, applied by
 * that chain and by the reads answered ahead of it (stored panel results), which then need no
 * identity at all. Built by the security module's web configuration.
 */
public final class AnonymousReads {

	private final boolean allowed;

	private final String[] headers;

	private final String[] secureHeaders;

	/**
	 * @param allowed whether anyone may read
	 * @param headers name to value, written on every answer
	 * @param secureHeaders name to value, written only on a request that came over HTTPS (HSTS)
	 */
	public AnonymousReads(boolean allowed, Map<String, String> headers, Map<String, String> secureHeaders) {
		this.allowed = allowed;
		this.headers = flatten(headers);
		this.secureHeaders = flatten(secureHeaders);
	}

	public boolean allowed() {
		return this.allowed;
	}

	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		write(this.headers, response);
		if (request.isSecure()) {
			write(this.secureHeaders, response);
		}
	}

	private static void write(String[] pairs, HttpServletResponse response) {
		for (int i = 0; i < pairs.length; i += 2) {
			response.setHeader(pairs[i], pairs[i + 1]);
		}
	}

	/** Name, value, name, value: nothing to allocate per answer. */
	private static String[] flatten(Map<String, String> headers) {
		return headers.entrySet()
			.stream()
			.flatMap((header) -> Stream.of(header.getKey(), header.getValue()))
			.toArray(String[]::new);
	}

}
