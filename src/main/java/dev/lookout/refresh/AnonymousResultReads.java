package dev.lookout.refresh;

import java.io.IOException;
import java.util.function.Supplier;

import dev.lookout.security.AnonymousReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Answers {@code GET} and {@code HEAD /api/panels/{id}/result} ahead of sessions, Spring
 * Security and MVC, when anyone may read dashboards ({@link AnonymousReads}): the access rule
 * then needs no identity, so there is no session to look up and no CSRF token to consider, and
 * the read costs what the container costs. Registered only in that case; otherwise signed-in
 * viewers reach {@link PanelResultController} through the application's filter chain. The
 * request id and the reload gate run before it; the response carries the headers the chain
 * would have written. Each read is measured by one counter increment,
 * {@code lookout.panel.result.reads} by status, instead of an {@code http.server.requests}
 * observation (its timer and active-request gauge are looked up by tags per request, which cost
 * more than the read itself): {@link #notObserved} keeps these requests out of it.
 */
final class AnonymousResultReads extends HttpFilter {

	private static final String PREFIX = "/api/panels/";

	private static final String SUFFIX = "/result";

	/** Digits of a positive {@code long} (19 would overflow for some values). */
	private static final int MAX_ID_DIGITS = 18;

	/**
	 * Made on the first read: the filter exists before the port opens, the reads need the pools and
	 * the definitions, and no request gets past the start (see the lifecycle's starting valve) before they exist.
	 */
	private final Supplier<ResultReads> reads;

	private final AnonymousReads access;

	private final Counter ok;

	private final Counter notModified;

	private final Counter failed;

	AnonymousResultReads(Supplier<ResultReads> reads, AnonymousReads access, MeterRegistry meters) {
		this.reads = reads;
		this.access = access;
		this.ok = reads(meters, "200");
		this.notModified = reads(meters, "304");
		this.failed = reads(meters, "error");
	}

	/**
	 * For the observation registry: no {@code http.server.requests} observation for a read this
	 * filter answers, which is counted here instead.
	 */
	static ObservationPredicate notObserved(AnonymousReads access) {
		return (name, context) -> !(access.allowed() && context instanceof ServerRequestObservationContext server
				&& panelId(server.getCarrier()) >= 0);
	}

	private static Counter reads(MeterRegistry meters, String status) {
		return Counter.builder("lookout.panel.result.reads")
			.description("Stored panel results read anonymously, answered ahead of the filter chain, by status")
			.tag("status", status)
			.register(meters);
	}

	/** Registered for the {@code REQUEST} dispatch only, so it runs once per request without marking it. */
	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long panelId = panelId(request);
		if (panelId < 0) {
			chain.doFilter(request, response);
			return;
		}
		this.access.writeHeaders(request, response);
		this.reads.get().answer(panelId, request, response);
		int status = response.getStatus();
		((status == HttpServletResponse.SC_OK) ? this.ok
				: (status == HttpServletResponse.SC_NOT_MODIFIED) ? this.notModified : this.failed).increment();
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
