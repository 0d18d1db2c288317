package dev.lookout.realtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.lookout.refresh.ViewKey;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The registry of the event streams open on this instance: it opens them within the
 * connection cap ({@code SSE_MAX_CONNECTIONS}), keeps them by dashboard and counts them (open,
 * refused, dropped for falling behind), forgets each one as it closes, and on shutdown closes
 * them all with a last {@code reconnect} event. What to send them is the sync's business.
 */
final class OpenStreams {

	/** How long a shutdown lets the streams write their last event before closing them anyway. */
	private static final Duration FINISH_WAIT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(OpenStreams.class);

	private final RealtimeSettings settings;

	private final Map<String, Set<EventStream>> byDashboard = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final Counter dropped;

	private final Counter refused;

	OpenStreams(RealtimeSettings settings, MeterRegistry meters) {
		this.settings = settings;
		Gauge.builder("lookout.realtime.clients", this.open, AtomicInteger::get)
			.description("Event streams open on this instance")
			.register(meters);
		this.dropped = Counter.builder("lookout.realtime.dropped")
			.description("Event streams closed because their client fell too far behind")
			.register(meters);
		this.refused = Counter.builder("lookout.realtime.refused")
			.description("Event streams refused with OVERLOADED because the connection cap was reached")
			.register(meters);
	}

	/**
	 * Opens a stream of dashboard {@code slug} on {@code request}, registered and with its
	 * {@code retry:} preamble queued, but no event yet.
	 * @param parameters the values the client chose
	 * @param views the view of each of the dashboard's panels for those values: each may have its
	 * first state waiting at once
	 * @param known the view versions the client holds, by view key
	 * @throws ApiException {@code OVERLOADED} beyond the connection cap
	 */
	EventStream open(String slug, Map<String, List<String>> parameters, List<ViewKey> views, Map<String, Long> known,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (this.open.incrementAndGet() > this.settings.maxConnections()) {
			this.open.decrementAndGet();
			throw refusal();
		}
		EventStream stream;
		// Alert rules are for signed-in users only (their API answers 401 otherwise, public dashboards or not).
		boolean signedIn = request.getUserPrincipal() != null;
		try {
			response.setContentType("text/event-stream");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setHeader("Cache-Control", "no-cache");
			// nginx would otherwise buffer the stream.
			response.setHeader("X-Accel-Buffering", "no");
			// The body ends when the connection does (no chunked encoding on an upgraded connection).
			response.setHeader("Connection", "close");
			// The head goes out now, without a length; then the container lets go of the request
			// and keeps only the connection (StreamConnection). No timeout: the heartbeats find
			// clients that went away.
			response.flushBuffer();
			stream = new EventStream(slug, parameters, views, views.size() + this.settings.queueSize(), known,
					signedIn, this::closed);
			request.upgrade(StreamConnection.class).carry(stream);
		}
		catch (ServletException ex) {
			this.open.decrementAndGet();
			throw new IOException("The container refused to hand over the stream's connection", ex);
		}
		catch (IOException | RuntimeException ex) {
			this.open.decrementAndGet();
			throw ex;
		}
		// Registered before the caller reads the current results: a result landing meanwhile is not missed.
		this.byDashboard.computeIfAbsent(slug, (key) -> ConcurrentHashMap.newKeySet()).add(stream);
		stream.begin(SseFormat.retry(this.settings.retry()));
		return stream;
	}

	/**
	 * Refuses a stream now when the cap is reached, before anything is done for it (its views
	 * watched); {@link #open} checks again, atomically.
	 * @throws ApiException {@code OVERLOADED} when as many streams are open as may be
	 */
	void refuseIfFull() {
		if (this.open.get() >= this.settings.maxConnections()) {
			throw refusal();
		}
	}

	private ApiException refusal() {
		this.refused.increment();
		return new ApiException(ErrorCode.OVERLOADED, "This instance serves as many live streams as it may ("
				+ this.settings.maxConnections() + "); retry later, or poll the panel results meanwhile.",
				this.settings.retryAfter());
	}

	/** The streams open on dashboard {@code slug}. */
	Set<EventStream> watching(String slug) {
		return this.byDashboard.getOrDefault(slug, Set.of());
	}

	/** Hands {@code stream} a view's new version; a client too far behind is dropped, and counted. */
	void update(EventStream stream, ViewKey view, long resultVersion, byte[] event) {
		if (!stream.update(view, resultVersion, event)) {
			this.dropped.increment();
		}
	}

	/** Hands {@code stream} an event that is not a result; a client too far behind is dropped, and counted. */
	void send(EventStream stream, byte[] event) {
		if (!stream.send(event)) {
			this.dropped.increment();
		}
	}

	/** A heartbeat to every stream that has nothing else waiting. */
	void heartbeat() {
		all().forEach(EventStream::heartbeat);
	}

	/**
	 * Sends every open stream a {@code reconnect} event with the retry hint, waits a little for
	 * them to be written, then closes them all.
	 */
	void closeAll() {
		byte[] last = SseFormat.reconnect(this.settings.retry());
		List<EventStream> all = all();
		all.forEach((stream) -> stream.finish(last));
		long deadline = System.nanoTime() + FINISH_WAIT.toNanos();
		try {
			while (all.stream().anyMatch((stream) -> !stream.isClosed()) && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		all.forEach(EventStream::close);
		if (!all.isEmpty()) {
			logger.info("Closed " + all.size() + " event streams, asking their clients to reconnect");
		}
	}

	/** Streams open now. */
	int count() {
		return this.open.get();
	}

	long dropped() {
		return (long) this.dropped.count();
	}

	long refused() {
		return (long) this.refused.count();
	}

	private void closed(EventStream stream) {
		Set<EventStream> viewers = this.byDashboard.get(stream.slug());
		if (viewers != null && viewers.remove(stream)) {
			this.open.decrementAndGet();
		}
	}

	/** Every stream open now. */
	List<EventStream> all() {
		return this.byDashboard.values().stream().flatMap(Set::stream).toList();
	}

}
