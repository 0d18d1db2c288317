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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.lookout.lifecycle.Supervised;
import dev.lookout.resilience.Breakers;
import dev.lookout.resilience.CircuitOpen;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The instance's one delivery thread. Every poll interval (or when woken after a commit that added
 * rows) it reads the due rows, claims each with a conditional UPDATE only one instance can win (the
 * claim lasts the channel's timeout plus a margin), delivers it outside any transaction through the
 * channel's own breaker, and marks it delivered, or schedules its retry (exponential backoff with
 * full jitter, DEAD after the last attempt). While a channel's breaker is open its rows wait, not
 * counted as attempts. If this instance dies mid-delivery, its claim expires and another instance
 * (or this one after its restart) delivers the row again: at least once, deduplicated by the key.
 */
class DeliveryWorker implements Supervised {

	private static final Log logger = LogFactory.getLog(DeliveryWorker.class);

	private static final int BATCH = 100;

	private final Outbox outbox;

	private final Channels channels;

	private final WebhookSender webhook;

	private final EmailSender email;

	private final Breakers breakers;

	private final NotificationMeters meters;

	private final Backoff backoff;

	private final NotificationSettings settings;

	private final Clock clock;

	private final String workerId;

	private final Semaphore wake = new Semaphore(0);

	private final Map<Long, ChannelStatus> statuses = new ConcurrentHashMap<>();

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
		this.webhook = webhook;
		this.email = email;
		this.breakers = breakers;
		this.meters = meters;
		this.backoff = backoff;
		this.settings = settings;
		this.clock = clock;
		this.workerId = "lookout-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
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
			if (!deliver(this.outbox.read(candidate.id()), channel.get())) {
				open.add(candidate.channelId());
			}
			attempted++;
		}
		return attempted;
	}

	/** Delivers one claimed row; false when the channel's breaker is open (its other rows wait too). */
	private boolean deliver(Outbox.Claimed row, Channel channel) {
		if (!channel.enabled()) {
			this.outbox.postpone(row.id(), this.workerId, this.clock.instant().plus(Duration.ofMinutes(1)));
			return false;
		}
		String breaker = Breakers.notificationChannel(channel.id());
		Delivery delivery;
		try {
			delivery = this.breakers.call(breaker, "Alert channel '" + channel.name() + "'", () -> attempt(row, channel));
		}
		catch (CircuitOpen ex) {
			this.outbox.postpone(row.id(), this.workerId, this.clock.instant().plus(this.settings.pollInterval()));
			return false;
		}
		catch (ChannelFailed ex) {
			failed(row, channel, ex.getMessage());
			return true;
		}
		catch (RuntimeException ex) {
			// Our own failure (the secret does not open, a payload that does not read): retried like the rest.
			failed(row, channel, ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return true;
		}
		if (delivery.delivered()) {
			if (this.outbox.delivered(row.id())) {
				this.meters.count(channel.id(), "delivered");
			}
			status(channel).delivered(this.clock.instant());
		}
		else {
			if (this.outbox.dead(row.id(), this.workerId, delivery.error(), true)) {
				this.meters.count(channel.id(), "dead");
			}
			status(channel).failed(this.clock.instant(), delivery.error());
			logger.warn("Notification " + row.key() + " to channel '" + channel.name() + "' refused for good: "
					+ delivery.error());
		}
		return true;
	}

	private Delivery attempt(Outbox.Claimed row, Channel channel) throws ChannelFailed {
		return switch (channel.type()) {
			case WEBHOOK -> this.webhook.send(channel,
					this.channels.secret(channel.id()).orElseThrow(() -> new IllegalStateException("no secret stored")),
					row.key(), row.payload());
			case EMAIL -> this.email.send(channel, row.key(), row.payload());
		};
	}

	private void failed(Outbox.Claimed row, Channel channel, String error) {
		int attempts = row.attempts() + 1;
		Instant now = this.clock.instant();
		status(channel).failed(now, error);
		if (attempts >= this.settings.maxAttempts()) {
			if (this.outbox.dead(row.id(), this.workerId, "gave up after " + attempts + " attempts: " + error, true)) {
				this.meters.count(channel.id(), "dead");
				logger.warn("Notification " + row.key() + " to channel '" + channel.name() + "' given up after "
						+ attempts + " attempts: " + error);
			}
			return;
		}
		if (this.outbox.retryAt(row.id(), this.workerId, now.plus(this.backoff.delay(attempts)), error)) {
			this.meters.count(channel.id(), "retried");
		}
	}

	private ChannelStatus status(Channel channel) {
		ChannelStatus status = this.statuses.computeIfAbsent(channel.id(), (id) -> new ChannelStatus());
		status.name = channel.name();
		return status;
	}

	/** What this instance saw of each channel lately, for health and the runtime page. */
	Map<Long, ChannelStatus> statuses() {
		return this.statuses;
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

	/** The latest outcome per channel on this instance. */
	static final class ChannelStatus {

		volatile String name;

		volatile Instant lastDeliveredAt;

		volatile Instant lastFailedAt;

		volatile String lastError;

		synchronized void delivered(Instant at) {
			this.lastDeliveredAt = at;
		}

		synchronized void failed(Instant at, String error) {
			this.lastFailedAt = at;
			this.lastError = error;
		}

		/** Failing: the latest outcome was a failure. */
		boolean failing() {
			return this.lastFailedAt != null && (this.lastDeliveredAt == null || this.lastFailedAt.isAfter(this.lastDeliveredAt));
		}

	}

}
