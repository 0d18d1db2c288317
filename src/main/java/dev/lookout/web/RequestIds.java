package dev.lookout.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.servlet.ServletRequest;

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

	private static final SecureRandom RANDOM = new SecureRandom();

	private RequestIds() {
	}

	/** The id of the request being served, or {@code null} outside one. */
	public static String of(ServletRequest request) {
		return (String) request.getAttribute(ATTRIBUTE);
	}

	static boolean isSane(String candidate) {
		return candidate != null && SANE.matcher(candidate).matches();
	}

	static String generate() {
		byte[] bytes = new byte[8];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
