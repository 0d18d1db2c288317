package dev.lookout.refresh;

import java.io.IOException;
import java.util.function.Supplier;

import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.security.AnonymousReads;
import dev.lookout.web.RequestIds;
import dev.lookout.web.RequestPaths;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Answers {@code GET} and {@code HEAD /api/panels/{id}/result} in the container, ahead of every
 * filter, sessions, Spring Security and MVC, when anyone may read dashboards ({@link AnonymousReads}):
 * the access rule then needs no identity, so there is no session to look up and no CSRF token to
 * consider, and the read costs what the container costs. A Tomcat valve rather than a filter: the
 * filter chain (character encoding, client address, observation, the reload gate) and the servlet's
 * allocation cost a fifth of such a read (docs/benchmarks.md). Added only in that case; otherwise
 * signed-in viewers reach {@link PanelResultController} through the application's filter chain.
 * Like that way it gives the request its id, is counted by the reload gate (and leaves the request
 * to it while the instance is not ready), and writes the headers the chain would have written.
 * Each read is measured by one counter increment, {@code lookout.panel.result.reads} by status:
 * no {@code http.server.requests} observation sees it.
 */
final class AnonymousResultReads extends ValveBase {

	private static final String PREFIX = "/api/panels/";

	private static final String SUFFIX = "/result";

	/** Digits of a positive {@code long} (19 would overflow for some values). */
	private static final int MAX_ID_DIGITS = 18;

	/**
	 * Made on the first read: the valve exists before the port opens, the reads need the pools and
	 * the definitions, and no read is answered here before the instance is ready.
	 */
	private final Supplier<ResultReads> reads;

	private final AnonymousReads access;

	private final ReloadCoordinator reloads;

	private final Counter ok;

	private final Counter notModified;

	private final Counter failed;

	AnonymousResultReads(Supplier<ResultReads> reads, AnonymousReads access, ReloadCoordinator reloads,
			MeterRegistry meters) {
		super(true);
		this.reads = reads;
		this.access = access;
		this.reloads = reloads;
		this.ok = reads(meters, "200");
		this.notModified = reads(meters, "304");
		this.failed = reads(meters, "error");
	}

	private static Counter reads(MeterRegistry meters, String status) {
		return Counter.builder("lookout.panel.result.reads")
			.description("Stored panel results read anonymously, answered in the container ahead of the filters, by status")
			.tag("status", status)
			.register(meters);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		long panelId = panelId(request);
		if (panelId < 0 || !this.reloads.enteredIfReady()) {
			getNext().invoke(request, response);
			return;
		}
		if (this.reads.get().restricted(panelId)) {
			// Shared with named groups only: who asks matters, so the ordinary way (sessions, tokens) answers.
			this.reloads.left();
			getNext().invoke(request, response);
			return;
		}
		try {
			RequestIds.assign(request, response);
			this.access.writeHeaders(request, response);
			this.reads.get().answer(panelId, request, response);
		}
		finally {
			this.reloads.left();
		}
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
		String path = RequestPaths.path(request);
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
