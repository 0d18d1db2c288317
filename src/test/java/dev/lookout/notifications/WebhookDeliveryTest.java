package dev.lookout.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.lookout.alerts.AlertTransitioned;
import dev.lookout.resilience.Breakers;
import dev.lookout.testsupport.TestWebhookReceiver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook receiver that is down, then slow, then up: the notifications are retried with backoff,
 * the channel's breaker opens and closes again, health shows the channel failing while staying UP,
 * and in the end each transition is marked delivered once and received (at least once) by key.
 */
class WebhookDeliveryTest extends NotificationsIntegration {

	private static final String SECRET = "receiver-secret-0123456789";

	@Autowired
	Breakers breakers;

	@Autowired
	NotificationsHealth health;

	@Autowired
	MeterRegistry meters;

	@Test
	void downThenSlowThenUpLosesNothingAndTheBreakerOpensAndCloses() throws Exception {
		TestWebhookReceiver receiver = new TestWebhookReceiver(SECRET);
		Channel channel = this.channels.create(new ChannelRequest("Webhook " + System.nanoTime(), ChannelType.WEBHOOK,
				receiver.url(), SECRET, 300, null, true, null)).channel();
		CircuitBreaker breaker = this.breakers.breaker(Breakers.notificationChannel(channel.id()));

		// Down: nothing listens on the port.
		List<AlertTransitioned> sent = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			sent.add(publish("Orders stalled " + i, channel.id(), false));
		}
		await("the breaker opens while the receiver is down", Duration.ofSeconds(15),
				() -> breaker.getState() == CircuitBreaker.State.OPEN);
		for (AlertTransitioned transition : sent) {
			assertThat(status(channel.id(), transition.idempotencyKey())).isEqualTo("PENDING");
		}
		Health failing = this.health.health();
		assertThat(failing.getStatus()).isEqualTo(Status.UP);
		@SuppressWarnings("unchecked")
		Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) failing.getDetails().get("channels"))
			.get(channel.name());
		assertThat(details).containsEntry("failing", true).containsKey("lastError");
		int attemptsWhileDown = this.jdbc
			.sql("SELECT MAX(attempts) FROM notification_outbox WHERE channel_id = ?")
			.param(channel.id())
			.query(Integer.class)
			.single();
		assertThat(attemptsWhileDown).isPositive();

		// Slow: the receiver answers after the channel's timeout; still a failure, retried.
		receiver.mode(TestWebhookReceiver.Mode.SLOW);
		receiver.up();
		await("a slow answer reaches the receiver", Duration.ofSeconds(15),
				() -> sent.stream().anyMatch((t) -> receiver.arrivals(t.idempotencyKey()) > 0));
		assertThat(sent).allSatisfy((t) -> assertThat(status(channel.id(), t.idempotencyKey())).isEqualTo("PENDING"));

		// Up: everything is delivered, the breaker closes.
		receiver.mode(TestWebhookReceiver.Mode.OK);
		await("every transition delivered", Duration.ofSeconds(20),
				() -> sent.stream().allMatch((t) -> "DELIVERED".equals(status(channel.id(), t.idempotencyKey()))));
		await("the breaker closes", Duration.ofSeconds(10), () -> breaker.getState() == CircuitBreaker.State.CLOSED);
		for (AlertTransitioned transition : sent) {
			assertThat(receiver.arrivals(transition.idempotencyKey())).isGreaterThanOrEqualTo(1);
			assertThat(rows(transition.idempotencyKey())).isEqualTo(1);
		}
		assertThat(receiver.badSignatures()).isEmpty();
		Counter delivered = this.meters.find("lookout.notifications")
			.tags("channel", String.valueOf(channel.id()), "outcome", "delivered")
			.counter();
		assertThat(delivered).isNotNull();
		assertThat(delivered.count()).isEqualTo(3);
		assertThat(this.meters.find("lookout.notifications")
			.tags("channel", String.valueOf(channel.id()), "outcome", "retried")
			.counter()
			.count()).isPositive();
		assertThat(receiver.bodies()).anySatisfy((body) -> assertThat(body).contains("\"idempotencyKey\":\"alert-")
			.contains("\"rule\":{\"id\":").contains("\"panel\":{\"id\":1,\"dashboard\":\"shop\"}"));
		receiver.down();
	}

	@Test
	void aTransitionWhoseTransactionRollsBackLeavesNoRow() throws Exception {
		TestWebhookReceiver receiver = new TestWebhookReceiver(SECRET);
		receiver.up();
		try {
			Channel channel = this.channels.create(new ChannelRequest("Rollback " + System.nanoTime(),
					ChannelType.WEBHOOK, receiver.url(), SECRET, 1000, null, true, null)).channel();
			AlertTransitioned rolledBack = publish("Rolled back", channel.id(), true);
			AlertTransitioned committed = publish("Committed", channel.id(), false);
			await("the committed one delivered", Duration.ofSeconds(10),
					() -> "DELIVERED".equals(status(channel.id(), committed.idempotencyKey())));
			assertThat(rows(rolledBack.idempotencyKey())).isZero();
			assertThat(receiver.arrivals(rolledBack.idempotencyKey())).isZero();
			assertThat(receiver.arrivals(committed.idempotencyKey())).isEqualTo(1);
		}
		finally {
			receiver.down();
		}
	}

	@Test
	void aReceiverRefusingWith400MarksTheRowDeadAtOnce() throws Exception {
		TestWebhookReceiver receiver = new TestWebhookReceiver(SECRET);
		receiver.mode(TestWebhookReceiver.Mode.REFUSE_400);
		receiver.up();
		try {
			Channel channel = this.channels.create(new ChannelRequest("Refusing " + System.nanoTime(),
					ChannelType.WEBHOOK, receiver.url(), SECRET, 1000, null, true, null)).channel();
			AlertTransitioned transition = publish("Refused", channel.id(), false);
			await("dead", Duration.ofSeconds(10), () -> "DEAD".equals(status(channel.id(), transition.idempotencyKey())));
			assertThat(this.jdbc.sql("SELECT attempts FROM notification_outbox WHERE idempotency_key = ?")
				.param(transition.idempotencyKey())
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
		finally {
			receiver.down();
		}
	}

}
