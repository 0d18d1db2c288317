package dev.lookout.notifications;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code lookout.notifications{channel, outcome}} ({@code lookout_notifications_total}): outcome is
 * delivered, retried, dead or dropped; channel is the channel's id (names change, ids do not).
 */
class NotificationMeters {

	private final MeterRegistry meters;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	NotificationMeters(MeterRegistry meters) {
		this.meters = meters;
	}

	void count(long channelId, String outcome) {
		String channel = String.valueOf(channelId);
		this.counters.computeIfAbsent(channel + "/" + outcome, (key) -> Counter.builder("lookout.notifications")
			.description("Notifications by channel and outcome")
			.tag("channel", channel)
			.tag("outcome", outcome)
			.register(this.meters)).increment();
	}

}
