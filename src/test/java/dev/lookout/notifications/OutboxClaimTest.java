package dev.lookout.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.lookout.alerts.AlertTransitioned;
import dev.lookout.resilience.Breakers;
import dev.lookout.testsupport.TestWebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox claim, with two delivery workers against the same database as two instances would
 * be: they never both deliver a row while its claim is valid, and a claim whose instance died
 * (expired) is delivered by the other.
 */
class OutboxClaimTest extends NotificationsIntegration {

	private static final String SECRET = "claim-secret-0123456789";

	@Autowired
	DeliveryWorker instanceWorker;

	@Autowired
	Outbox outbox;

	@Autowired
	Breakers breakers;

	@Autowired
	NotificationMeters meters;

	@Autowired
	NotificationSettings settings;

	@Autowired
	Clock clock;

	TestWebhookReceiver receiver;

	Channel channel;

	@BeforeEach
	void oneReceiverAndNoBackgroundWorker() throws Exception {
		// The context's own worker would take the rows: these tests drive two workers by hand.
		this.instanceWorker.stop();
		this.receiver = new TestWebhookReceiver(SECRET);
		this.receiver.up();
		this.channel = this.channels.create(new ChannelRequest("Claims " + System.nanoTime(), ChannelType.WEBHOOK,
				this.receiver.url(), SECRET, 5000, null, true, null)).channel();
	}

	@AfterEach
	void restart() {
		this.receiver.down();
		this.instanceWorker.start();
	}

	private DeliveryWorker worker() {
		return new DeliveryWorker(this.outbox, this.channels, new WebhookSender(this.clock), new EmailSender(null, "x@y"),
				this.breakers, this.meters, Backoff.withRandomJitter(Duration.ofMillis(100), Duration.ofMillis(400)),
				this.settings, this.clock);
	}

	@Test
	void twoWorkersNeverBothDeliverARowWhileItsClaimIsValid() throws Exception {
		this.receiver.mode(TestWebhookReceiver.Mode.SLOW);
		this.receiver.slowMillis(100);
		List<AlertTransitioned> sent = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			sent.add(publish("Claimed " + i, this.channel.id(), false));
		}
		DeliveryWorker one = worker();
		DeliveryWorker two = worker();
		CountDownLatch start = new CountDownLatch(1);
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
			await(start);
			return one.deliverDue();
		});
		CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
			await(start);
			return two.deliverDue();
		});
		start.countDown();
		int attempted = first.get() + second.get();
		assertThat(attempted).isEqualTo(8);
		for (AlertTransitioned transition : sent) {
			assertThat(this.receiver.arrivals(transition.idempotencyKey())).as(transition.idempotencyKey()).isEqualTo(1);
			assertThat(status(this.channel.id(), transition.idempotencyKey())).isEqualTo("DELIVERED");
		}
	}

	@Test
	void aValidClaimOfAnotherInstanceIsLeftAloneAndAnExpiredOneIsDeliveredAgain() throws Exception {
		AlertTransitioned transition = publish("Killed mid-delivery", this.channel.id(), false);
		String key = transition.idempotencyKey();
		// The instance that claimed it was killed while delivering: its claim is still valid for a while.
		claim(key, "killed-instance", Instant.now().plus(Duration.ofHours(1)));
		DeliveryWorker survivor = worker();
		assertThat(survivor.deliverDue()).isZero();
		assertThat(this.receiver.arrivals(key)).isZero();
		assertThat(status(this.channel.id(), key)).isEqualTo("PENDING");
		// Its claim expires: the other instance delivers it, once.
		claim(key, "killed-instance", Instant.now().minusSeconds(1));
		assertThat(survivor.deliverDue()).isEqualTo(1);
		assertThat(this.receiver.arrivals(key)).isEqualTo(1);
		assertThat(status(this.channel.id(), key)).isEqualTo("DELIVERED");
		assertThat(survivor.deliverDue()).isZero();
		assertThat(this.receiver.arrivals(key)).isEqualTo(1);
	}

	private void claim(String key, String by, Instant until) {
		this.jdbc.sql("UPDATE notification_outbox SET claimed_by = ?, claimed_until = ? WHERE idempotency_key = ?")
			.params(by, Timestamp.from(until), key)
			.update();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
