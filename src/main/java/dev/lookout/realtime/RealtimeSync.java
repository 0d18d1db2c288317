package dev.lookout.realtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.lookout.lifecycle.Supervised;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.PanelResults.PanelResult;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The open event streams, by dashboard, and the one thread that feeds them: it delivers each
 * panel's new result to the streams of its dashboard (the event built once, shared by all),
 * and beats every second, sending heartbeats to idle streams when they are due. New results
 * come from this instance's updater ({@link PanelRefreshed}) and, with Redis, from the other
 * instances ({@link #deliver(PanelNotice)}); several for one panel before the thread gets to
 * them collapse into the newest. Stopped through the shutdown registry (and before the
 * graceful drain, which would otherwise wait for the streams to end): every stream gets a last
 * {@code reconnect} event and is closed.
 */
public final class RealtimeSync implements Supervised, HealthIndicator {

	static final String THREAD_NAME = "lookout-realtime";

	private static final Duration BEAT = Duration.ofSeconds(1);

	/** How long a stop lets the streams write their last event before closing them anyway. */
	private static final Duration FINISH_WAIT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(RealtimeSync.class);

	private final PanelResults results;

	private final RealtimeSettings settings;

	private final Clock clock;

	private final Map<String, Set<EventStream>> streams = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	/** The newest notice per panel not delivered yet: bounded by the number of panels. */
	private final Map<Long, PanelNotice> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean dispatchScheduled = new AtomicBoolean();

	private final Counter dropped;

	private final Counter refused;

	private final Object lifecycleLock = new Object();

	private volatile ScheduledExecutorService thread;

	private volatile Instant lastHeartbeat;

	private volatile Instant nextClientHeartbeat;

	RealtimeSync(PanelResults results, RealtimeSettings settings, Clock clock, MeterRegistry meters) {
		this.results = results;
		this.settings = settings;
		this.clock = clock;
		this.lastHeartbeat = clock.instant();
		this.nextClientHeartbeat = this.lastHeartbeat;
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

	/** Starts the thread; repeatable after {@link #stop()}. */
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.thread != null) {
				return;
			}
			CustomizableThreadFactory threads = new CustomizableThreadFactory(THREAD_NAME);
			threads.setDaemon(true);
			ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(threads);
			this.lastHeartbeat = this.clock.instant();
			this.thread = started;
			started.scheduleWithFixedDelay(this::beat, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Refuses new streams, sends every open one a {@code reconnect} event with the retry hint,
	 * closes them, and stops the thread. Idempotent; repeatable with {@link #start()}.
	 */
	public void stop() {
		ScheduledExecutorService stopping;
		synchronized (this.lifecycleLock) {
			stopping = this.thread;
			this.thread = null;
		}
		if (stopping == null) {
			return;
		}
		stopping.shutdownNow();
		byte[] last = ("retry: " + this.settings.retry().toMillis() + "\nevent: reconnect\ndata: {}\n\n")
			.getBytes(StandardCharsets.US_ASCII);
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
		this.pending.clear();
		this.dispatchScheduled.set(false);
		if (!all.isEmpty()) {
			logger.info("Closed " + all.size() + " event streams, asking their clients to reconnect");
		}
	}

	/**
	 * Opens a stream of dashboard {@code slug}'s results on {@code request}: first the current
	 * result of every panel the client is behind on (by {@code lastEventId}), then each new one.
	 * @throws ApiException {@code NOT_FOUND} for a dashboard without panels, {@code OVERLOADED}
	 * beyond the connection cap, {@code SERVICE_UNAVAILABLE} while stopped or starting
	 */
	void open(String slug, String lastEventId, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (this.thread == null) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Live updates are restarting; retry shortly.",
					retryAfter());
		}
		List<Long> panels = this.results.panelsOf(slug)
			.orElseThrow(() -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"Panels are still being loaded; retry shortly.", retryAfter()));
		if (panels.isEmpty()) {
			throw new ApiException(ErrorCode.NOT_FOUND, "There is no dashboard '" + slug + "' with panels.");
		}
		if (this.open.incrementAndGet() > this.settings.maxConnections()) {
			this.open.decrementAndGet();
			this.refused.increment();
			throw new ApiException(ErrorCode.OVERLOADED, "This instance serves as many live streams as it may ("
					+ this.settings.maxConnections() + "); retry later, or poll the panel results meanwhile.",
					retryAfter());
		}
		EventStream stream;
		try {
			response.setContentType("text/event-stream");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setHeader("Cache-Control", "no-cache");
			// nginx would otherwise buffer the stream.
			response.setHeader("X-Accel-Buffering", "no");
			AsyncContext async = request.startAsync(request, response);
			// No timeout: the heartbeats find clients that went away.
			async.setTimeout(0);
			stream = new EventStream(slug, async, response.getOutputStream(), panels.size() + this.settings.queueSize(),
					EventIds.decode(lastEventId), this::closed);
		}
		catch (IOException | RuntimeException ex) {
			this.open.decrementAndGet();
			throw ex;
		}
		// Registered before the current results are read: a result landing meanwhile is not missed.
		this.streams.computeIfAbsent(slug, (key) -> ConcurrentHashMap.newKeySet()).add(stream);
		stream.begin(("retry: " + this.settings.retry().toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII));
		for (long panelId : panels) {
			this.results.current(panelId, 0).ifPresent((result) -> send(stream, result));
		}
	}

	/** A new result stored by this instance's updater. */
	@EventListener
	void on(PanelRefreshed refreshed) {
		deliver(new PanelNotice("", refreshed.panelId(), refreshed.resultVersion(), refreshed.dashboardSlug()));
	}

	/** A new result of a panel: delivered on the sync's thread, never on the caller's. */
	void deliver(PanelNotice notice) {
		this.pending.merge(notice.panelId(), notice,
				(held, incoming) -> (incoming.resultVersion() > held.resultVersion()) ? incoming : held);
		ScheduledExecutorService current = this.thread;
		if (current != null && this.dispatchScheduled.compareAndSet(false, true)) {
			try {
				current.execute(this::dispatch);
			}
			catch (RejectedExecutionException ex) {
				// Stopping: the streams are being closed.
			}
		}
	}

	/** Streams open now on this instance. */
	public int clients() {
		return this.open.get();
	}

	@Override
	public String supervisedName() {
		return "realtime-sync";
	}

	@Override
	public Instant lastHeartbeat() {
		return this.lastHeartbeat;
	}

	@Override
	public Duration beatInterval() {
		return BEAT;
	}

	@Override
	public boolean running() {
		return this.thread != null;
	}

	@Override
	public void restart() {
		stop();
		start();
	}

	@Override
	public Health health() {
		return Health.up()
			.withDetail("clients", this.open.get())
			.withDetail("maxClients", this.settings.maxConnections())
			.withDetail("running", running())
			.withDetail("dropped", (long) this.dropped.count())
			.withDetail("refused", (long) this.refused.count())
			.build();
	}

	private void dispatch() {
		this.dispatchScheduled.set(false);
		for (Long panelId : List.copyOf(this.pending.keySet())) {
			PanelNotice notice = this.pending.remove(panelId);
			if (notice != null) {
				try {
					dispatch(notice);
				}
				catch (RuntimeException ex) {
					logger.error("Could not push the new result of panel " + panelId, ex);
				}
			}
		}
	}

	private void dispatch(PanelNotice notice) {
		Set<EventStream> viewers = this.streams.get(notice.dashboardSlug());
		if (viewers == null || viewers.isEmpty()) {
			return;
		}
		PanelResult result = this.results.current(notice.panelId(), notice.resultVersion()).orElse(null);
		if (result == null) {
			return;
		}
		byte[] body = body(result);
		for (EventStream stream : viewers) {
			if (!stream.update(result.panelId(), result.resultVersion(), body)) {
				this.dropped.increment();
			}
		}
	}

	private void send(EventStream stream, PanelResult result) {
		if (!stream.update(result.panelId(), result.resultVersion(), body(result))) {
			this.dropped.increment();
		}
	}

	/** The event after its id: the result itself, or above the size cap a notice to read it. */
	private byte[] body(PanelResult result) {
		if (result.body().length > this.settings.maxEventBytes()) {
			return ("event: refetch\ndata: {\"panelId\":" + result.panelId() + ",\"resultVersion\":"
					+ result.resultVersion() + "}\n\n").getBytes(StandardCharsets.US_ASCII);
		}
		byte[] head = "event: result\ndata: ".getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[head.length + result.body().length + 2];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(result.body(), 0, body, head.length, result.body().length);
		body[body.length - 2] = '\n';
		body[body.length - 1] = '\n';
		return body;
	}

	private void beat() {
		Instant now = this.clock.instant();
		this.lastHeartbeat = now;
		if (now.isBefore(this.nextClientHeartbeat)) {
			return;
		}
		this.nextClientHeartbeat = now.plus(this.settings.heartbeat());
		for (EventStream stream : all()) {
			stream.heartbeat();
		}
	}

	private void closed(EventStream stream) {
		Set<EventStream> viewers = this.streams.get(stream.slug());
		if (viewers != null && viewers.remove(stream)) {
			this.open.decrementAndGet();
		}
	}

	private List<EventStream> all() {
		return this.streams.values().stream().flatMap(Set::stream).toList();
	}

	private Duration retryAfter() {
		return Duration.ofSeconds(Math.max(1, (this.settings.retry().toMillis() + 999) / 1000));
	}

}
