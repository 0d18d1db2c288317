package dev.lookout.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.resilience.Breakers;
import dev.lookout.resilience.CircuitOpen;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One attempt at a row the worker claimed, and its outcome: sent through the channel's own breaker,
 * then marked delivered, retried later (exponential backoff with full jitter), DEAD (refused for
 * good, or after the last attempt) or postponed (channel disabled, breaker open: not an attempt);
 * counted, and kept per channel as {@link ChannelStatus}.
 */
class DeliveryAttempts {

	// The worker's category, as before the split: what operators filter on.
	private static final Log logger = LogFactory.getLog(DeliveryWorker.class);

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

	private final Map<Long, ChannelStatus> statuses = new ConcurrentHashMap<>();

	DeliveryAttempts(Outbox outbox, Channels channels, WebhookSender webhook, EmailSender email, Breakers breakers,
			NotificationMeters meters, Backoff backoff, NotificationSettings settings, Clock clock, String workerId) {
		this.outbox = outbox;
		this.channels = channels;
		this.webhook = webhook;
		this.email = email;
		this.breakers = breakers;
		this.meters = meters;
		this.backoff = backoff;
		this.settings = settings;
		this.clock = clock;
		this.workerId = workerId;
	}

	/** Delivers one claimed row; false when the channel's breaker is open (its other rows wait too). */
	boolean deliver(Outbox.Claimed row, Channel channel) {
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

	/** What this instance saw of each channel lately. */
	Map<Long, ChannelStatus> statuses() {
		return this.statuses;
	}

}
