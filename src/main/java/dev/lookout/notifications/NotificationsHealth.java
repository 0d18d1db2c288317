package dev.lookout.notifications;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.resilience.Breakers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code notifications} health component: each channel's breaker state and the latest outcome
 * this instance saw, from memory (no query). Always UP: a failing channel is its receiver's
 * problem, its notifications wait in the outbox, and the instance serves as before; the details say
 * which channel fails and why.
 */
class NotificationsHealth implements HealthIndicator {

	private final Channels channels;

	private final DeliveryWorker worker;

	private final Breakers breakers;

	NotificationsHealth(Channels channels, DeliveryWorker worker, Breakers breakers) {
		this.channels = channels;
		this.worker = worker;
		this.breakers = breakers;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up().withDetail("worker", this.worker.running() ? "running" : "stopped");
		Map<String, Object> channels = new LinkedHashMap<>();
		this.worker.statuses().forEach((id, status) -> channels.put(status.name, details(id, status)));
		return health.withDetail("channels", channels).build();
	}

	Map<String, Object> details(long id, ChannelStatus status) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("id", id);
		details.put("breaker", this.breakers.breaker(Breakers.notificationChannel(id)).getState().name());
		details.put("failing", status.failing());
		if (status.lastDeliveredAt != null) {
			details.put("lastDeliveredAt", status.lastDeliveredAt.toString());
		}
		if (status.lastError != null) {
			details.put("lastError", status.lastError);
			details.put("lastFailedAt", status.lastFailedAt.toString());
		}
		return details;
	}

}
