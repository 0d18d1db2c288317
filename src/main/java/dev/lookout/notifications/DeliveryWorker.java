package dev.lookout.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.lookout.lifecycle.Supervised;
import dev.lookout.resilience.Breakers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The instance's one delivery thread and its polling. Every poll interval (or when woken after a
 * commit that added rows) it reads the due rows, claims each with a conditional UPDATE only one
 * instance can win (the claim lasts the channel's timeout plus a margin) and hands it, outside any
 * transaction, to {@link DeliveryAttempts}, which sends it and records the outcome. While a
 * channel's breaker is open its rows wait, not counted as attempts. If this instance dies
 * mid-delivery, its claim expires and another instance (or this one after its restart) delivers
 * the row again: at least once, deduplicated by the key.
 */
class DeliveryWorker implements Supervised {

	private static final Log logger = LogFactory.getLog(DeliveryWorker.class);

	private static final int BATCH = 100;

	private final Outbox outbox;

	private final Channels channels;

	private final DeliveryAttempts attempts;

	private final NotificationSettings settings;

	private final Clock clock;

	private final String workerId;

	private final Semaphore wake = new Semaphore(0);

	private volatile Thread thread;

	private volatile boolean running;

	private volatile boolean stopRequested;

	private volatile Instant heartbeat;

	/** Rounds failed in a row (the application database away), on the worker's thread only. */
	private int failingRounds;

	DeliveryWorker(Outbox outbox, Channels channels, WebhookSender webhook, EmailSender email, Breakers breakers,
			NotificationMeters meters, Backoff backoff, NotificationSettings settings, Clock clock) {
		this.outbox = outbox;
		this.channels = channels;
		this.settings = settings;
		this.clock = clock;
		this.workerId = "lookout-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.attempts = new DeliveryAttempts(outbox, channels, webhook, email, breakers, meters, backoff, settings, clock,
				this.workerId);
		this.heartbeat = clock.instant();
	}

	String workerId() {
		return this.workerId;
	}

	synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.stopRequested = false;
		Thread started = new Thread(this::loop, "lookout-notifications");
		started.setDaemon(true);
		this.thread = started;
		started.start();
	}

	/** Stops claiming; a delivery under way ends within its channel's timeout (its HTTP call is interrupted). */
	void stop() throws InterruptedException {
		Thread stopping;
		synchronized (this) {
			this.running = false;
			this.stopRequested = true;
			stopping = this.thread;
			this.thread = null;
		}
		if (stopping != null) {
			this.wake.release();
			stopping.join(1000);
			if (stopping.isAlive()) {
				stopping.interrupt();
				stopping.join(30_000);
			}
		}
	}

	/** Looks for due rows now rather than at the next poll. */
	void wake() {
		this.wake.release();
	}

	private void loop() {
		while (this.running) {
			this.heartbeat = this.clock.instant();
			try {
				deliverDue();
				if (this.failingRounds > 0) {
					logger.info("Notification delivery rounds work again after " + this.failingRounds + " failed");
					this.failingRounds = 0;
				}
			}
			catch (RuntimeException ex) {
				// The application database may be away: the rows wait there, nothing is lost. Logged
				// once per streak, not every poll.
				if (this.failingRounds++ == 0) {
					logger.warn("Notification delivery round failed, trying again every poll: " + ex);
				}
			}
			try {
				this.wake.tryAcquire(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wake.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** One round: every due row this worker can claim, delivered in turn. Package-private for tests. */
	int deliverDue() {
		List<Outbox.Candidate> due = this.outbox.due(BATCH);
		if (due.isEmpty()) {
			return 0;
		}
		Map<Long, Optional<Channel>> known = new HashMap<>();
		Set<Long> open = new HashSet<>();
		int attempted = 0;
		for (Outbox.Candidate candidate : due) {
			if (this.stopRequested) {
				break;
			}
			this.heartbeat = this.clock.instant();
			if (open.contains(candidate.channelId())) {
				continue;
			}
			Optional<Channel> channel = known.computeIfAbsent(candidate.channelId(), this.channels::find);
			if (channel.isEmpty()) {
				continue;
			}
			Duration claimFor = Duration.ofMillis(channel.get().timeoutMs()).plus(this.settings.claimMargin());
			if (!this.outbox.claim(candidate.id(), this.workerId, this.clock.instant().plus(claimFor))) {
				continue;
			}
			if (!this.attempts.deliver(this.outbox.read(candidate.id()), channel.get())) {
				open.add(candidate.channelId());
			}
			attempted++;
		}
		return attempted;
	}

	/** What this instance saw of each channel lately, for health and the runtime page. */
	Map<Long, ChannelStatus> statuses() {
		return this.attempts.statuses();
	}

	@Override
	public String supervisedName() {
		return "notifications";
	}

	@Override
	public Instant lastHeartbeat() {
		return this.running ? this.heartbeat : this.clock.instant();
	}

	@Override
	public Duration beatInterval() {
		// A delivery may take its channel's timeout (at most 30 s) before the next beat.
		return Duration.ofSeconds(30).plus(this.settings.pollInterval());
	}

	@Override
	public boolean running() {
		return this.running;
	}

	@Override
	public void restart() {
		try {
			stop();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		start();
	}

}
