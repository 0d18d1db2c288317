package dev.lookout.realtime;

import java.io.IOException;
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

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.PanelResults.PanelResult;
import dev.lookout.refresh.ViewKey;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The local fan-out of new panel results, on the one thread that feeds every stream: it delivers
 * each panel's new result to the streams open on its dashboard (the event built once, shared by
 * all: {@link PanelEvents}), and beats every second, sending heartbeats to idle streams when due.
 * New results come from this instance's updater ({@link PanelRefreshed}) and, with Redis, from
 * the other instances ({@link #deliver(PanelNotice)}, through {@link RedisFanOut}); several for
 * one panel before the thread gets to them collapse into the newest. Streams are {@link OpenStreams}',
 * bytes {@link SseFormat}'s, alert states {@link AlertPush}'s (on this thread: {@link #onThread}).
 * Stopped through the shutdown registry, before the graceful drain that would wait for the
 * streams: each gets a last {@code reconnect} event and is closed.
 */
public final class RealtimeSync implements Supervised {

	static final String THREAD_NAME = "lookout-realtime";

	private static final Duration BEAT = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(RealtimeSync.class);

	private final PanelResults results;

	private final OpenStreams streams;

	private final RealtimeSettings settings;

	private final Clock clock;

	/** The newest notice per view not delivered yet: bounded by the number of live views. */
	private final Map<ViewKey, PanelNotice> pending = new ConcurrentHashMap<>();

	/** Each view's newest event, formatted once per result version. */
	private final PanelEvents events;

	private final WatchedViews watched;

	private final AtomicBoolean dispatchScheduled = new AtomicBoolean();

	private final Object lifecycleLock = new Object();

	private volatile ScheduledExecutorService thread;

	private volatile Instant lastHeartbeat;

	private volatile Instant nextClientHeartbeat;

	RealtimeSync(PanelResults results, OpenStreams streams, RealtimeSettings settings, Clock clock) {
		this.results = results;
		this.streams = streams;
		this.settings = settings;
		this.clock = clock;
		this.events = new PanelEvents(settings.maxEventBytes());
		this.watched = new WatchedViews(results, streams);
		this.lastHeartbeat = clock.instant();
		this.nextClientHeartbeat = this.lastHeartbeat;
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
		this.streams.closeAll();
		this.pending.clear();
		this.dispatchScheduled.set(false);
	}

	/**
	 * Opens a stream of dashboard {@code slug}'s results for the values {@code parameters} choose
	 * on {@code request}: first the current result of every view the client is behind on (by
	 * {@code lastEventId}), then each new one. The request's thread only checks the values, sends
	 * the head and hands the connection over; the first results are written by the sync's
	 * thread, so opening a stream never waits on the result cache.
	 * @throws ApiException {@code NOT_FOUND} for a dashboard without panels, {@code VALIDATION_FAILED}
	 * for values the dashboard does not allow, {@code OVERLOADED} beyond the connection cap or when
	 * new views would pass {@code MAX_LIVE_VIEWS}, {@code SERVICE_UNAVAILABLE} while stopped or starting
	 */
	void open(String slug, Map<String, List<String>> parameters, String lastEventId, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (!running()) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Live updates are restarting; retry shortly.",
					this.settings.retryAfter());
		}
		List<Long> panels = this.results.panelsOf(slug)
			.orElseThrow(() -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"Panels are still being loaded; retry shortly.", this.settings.retryAfter()));
		if (panels.isEmpty()) {
			throw new ApiException(ErrorCode.NOT_FOUND, "There is no dashboard '" + slug + "' with panels.");
		}
		this.streams.refuseIfFull();
		List<ViewKey> views = this.results.watch(slug, parameters);
		EventStream stream = this.streams.open(slug, parameters, views, EventIds.decode(lastEventId), request,
				response);
		// Dropped when stopping: the streams are being closed, this one with them.
		onThread(() -> firstResults(stream, views));
	}

	/** Each view's newest event: the one formatted for the fan-out when there is one, else from the cache. */
	private void firstResults(EventStream stream, List<ViewKey> views) {
		for (ViewKey view : views) {
			try {
				PanelEvents.Held held = this.events.newest(view).orElse(null);
				if (held != null) {
					this.streams.update(stream, view, held.resultVersion(), held.bytes());
				}
				else {
					this.results.current(view, 0)
						.ifPresent((result) -> this.streams.update(stream, result.view(), result.resultVersion(),
								this.events.of(result)));
				}
			}
			catch (RuntimeException ex) {
				logger.error("Could not send the current result of view " + view + " to a new stream", ex);
			}
		}
	}

	/** A new result stored by this instance's updater. */
	@EventListener
	void on(PanelRefreshed refreshed) {
		deliver(new PanelNotice("", refreshed.view(), refreshed.resultVersion(), refreshed.dashboardSlug()));
	}

	/** A new result of a view: delivered on the sync's thread, never on the caller's. */
	void deliver(PanelNotice notice) {
		this.pending.merge(notice.view(), notice,
				(held, incoming) -> (incoming.resultVersion() > held.resultVersion()) ? incoming : held);
		if (this.dispatchScheduled.compareAndSet(false, true) && !onThread(this::dispatch)) {
			// Stopped or stopping: the streams are being closed.
			this.dispatchScheduled.set(false);
		}
	}

	/**
	 * Runs {@code task} on the sync's thread, the only one that writes to streams.
	 * @return false, the task dropped, while the sync is stopped or stopping
	 */
	boolean onThread(Runnable task) {
		ScheduledExecutorService current = this.thread;
		if (current == null) {
			return false;
		}
		try {
			current.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/** Streams open now on this instance. */
	public int clients() {
		return this.streams.count();
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

	private void dispatch() {
		this.dispatchScheduled.set(false);
		for (ViewKey view : List.copyOf(this.pending.keySet())) {
			PanelNotice notice = this.pending.remove(view);
			if (notice != null) {
				try {
					dispatch(notice);
				}
				catch (RuntimeException ex) {
					logger.error("Could not push the new result of view " + view, ex);
				}
			}
		}
	}

	private void dispatch(PanelNotice notice) {
		List<EventStream> viewers = this.streams.watching(notice.dashboardSlug())
			.stream()
			.filter((stream) -> stream.shows(notice.view()))
			.toList();
		if (viewers.isEmpty()) {
			// Not formatted for nobody: the event held is older now, and a new stream reads the cache.
			this.events.forget(notice.view());
			return;
		}
		PanelResult result = this.results.current(notice.view(), notice.resultVersion()).orElse(null);
		if (result == null) {
			return;
		}
		byte[] event = this.events.of(result);
		for (EventStream stream : viewers) {
			this.streams.update(stream, result.view(), result.resultVersion(), event);
		}
	}

	/** A panel was removed: the events of its views are not needed any more. */
	@EventListener
	void on(PanelChanged changed) {
		if (changed.removed()) {
			this.events.forgetPanel(changed.panelId());
		}
	}

	private void beat() {
		Instant now = this.clock.instant();
		this.lastHeartbeat = now;
		try {
			this.watched.renewIfDue(now);
		}
		catch (RuntimeException ex) {
			// The beat must go on: it is the sync's heartbeat.
			logger.error("Could not renew the views watched by the open streams", ex);
		}
		if (now.isBefore(this.nextClientHeartbeat)) {
			return;
		}
		this.nextClientHeartbeat = now.plus(this.settings.heartbeat());
		this.streams.heartbeat();
	}

}
