package dev.lookout.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Request ids: the header, the log key, and how an id is accepted or made. A caller's id is
 * kept when it is sane (so a proxy's id threads through), otherwise replaced, because it is
 * written into every log line of the request.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";

	/** The MDC key; the log pattern prints it on every line of the request. */
	public static final String MDC_KEY = "requestId";

	static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	private RequestIds() {
	}

	/** The id of the request being served, or {@code null} outside one. */
	public static String of(ServletRequest request) {
		return (String) request.getAttribute(ATTRIBUTE);
	}

	/**
	 * The request's id: the one already given, else the client's {@value #HEADER} if it is sane,
	 * else a new one; set on the request and in the response's {@value #HEADER}.
	 */
	public static String assign(HttpServletRequest request, HttpServletResponse response) {
		String id = of(request);
		if (id == null) {
			id = accept(request.getHeader(HEADER));
			request.setAttribute(ATTRIBUTE, id);
			response.setHeader(HEADER, id);
		}
		return id;
	}

	/** The id for a request whose client offered {@code offered} (may be {@code null}): it, if sane, else a new one. */
	public static String accept(String offered) {
		return isSane(offered) ? offered : generate();
	}

	static boolean isSane(String candidate) {
		return candidate != null && SANE.matcher(candidate).matches();
	}

	/**
	 * 64 random bits: an id only tells requests apart in logs, it guards nothing, so it needs no
	 * secure generator; the JDK's default one serializes every request thread on one lock, which
	 * under load was a leading cause of the p99 (docs/benchmarks.md).
	 */
	static String generate() {
		return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

}
