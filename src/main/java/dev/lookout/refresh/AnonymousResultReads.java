package dev.lookout.refresh;

import java.io.IOException;

import dev.lookout.security.AnonymousReads;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers {@code GET} and {@code HEAD /api/panels/{id}/result} ahead of sessions, Spring
 * Security and MVC, when anyone may read dashboards ({@link AnonymousReads}): the access rule
 * then needs no identity, so there is no session to look up and no CSRF token to consider, and
 * the read costs what the container costs. Registered only in that case; otherwise signed-in
 * viewers reach {@link PanelResultController} through the application's filter chain. The
 * request id and the reload gate run before it; the response carries the headers the chain
 * would have written; the request is still measured once, as {@code http.server.requests}
 * under its route.
 */
final class AnonymousResultReads extends OncePerRequestFilter {

	private static final String PREFIX = "/api/panels/";

	private static final String SUFFIX = "/result";

	/** Digits of a positive {@code long} (19 would overflow for some values). */
	private static final int MAX_ID_DIGITS = 18;

	private final ResultReads reads;

	private final AnonymousReads access;

	AnonymousResultReads(ResultReads reads, AnonymousReads access) {
		this.reads = reads;
		this.access = access;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long panelId = panelId(request);
		if (panelId < 0) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(ResultReads.PATH_PATTERN));
		this.access.writeHeaders(request, response);
		this.reads.answer(panelId, request, response);
	}

	/**
	 * The panel of a {@code GET} or {@code HEAD} of a result, by the container's normalized path (so
	 * that {@code /x/../api/panels/1/result} is the same read and {@code ;params} are gone); {@code -1}
	 * for any other request, which then takes the ordinary way (and its answers, 400 included).
	 */
	static long panelId(HttpServletRequest request) {
		String method = request.getMethod();
		if (!method.equals("GET") && !method.equals("HEAD")) {
			return -1;
		}
		String path = request.getServletPath();
		if (request.getPathInfo() != null) {
			path = path + request.getPathInfo();
		}
		int end = path.length() - SUFFIX.length();
		if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || end <= PREFIX.length()
				|| end - PREFIX.length() > MAX_ID_DIGITS) {
			return -1;
		}
		long id = 0;
		for (int i = PREFIX.length(); i < end; i++) {
			char digit = path.charAt(i);
			if (digit < '0' || digit > '9') {
				return -1;
			}
			id = id * 10 + (digit - '0');
		}
		return id;
	}

}
