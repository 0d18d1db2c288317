package dev.lookout.notifications;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Development mode: the "Development log" channel is provisioned pointing at the built-in receiver,
 * and a test notification sent through the outbox arrives there with a valid signature, as does one
 * of another webhook channel pointed there with a secret of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "APP_ENV=development", "lookout.notifications.poll-interval=100ms" })
class DevelopmentWebhookLogTest {

	@Autowired
	Channels channels;

	@Autowired
	NotificationTests tests;

	@Autowired
	DevelopmentWebhookLog.Receiver receiver;

	@Test
	void aTestNotificationReachesTheBuiltInReceiverSigned() throws Exception {
		NotificationsIntegration.await("the development channel is provisioned", Duration.ofSeconds(20),
				() -> this.channels.findByName(DevelopmentChannel.NAME).isPresent());
		Channel channel = this.channels.findByName(DevelopmentChannel.NAME).orElseThrow();
		String key = this.tests.send(channel.id());
		NotificationsIntegration.await("the receiver logs it", Duration.ofSeconds(20),
				() -> this.receiver.list().stream().anyMatch((received) -> key.equals(received.idempotencyKey())));
		assertThat(this.receiver.list()).filteredOn((received) -> key.equals(received.idempotencyKey()))
			.singleElement()
			.satisfies((received) -> {
				assertThat(received.signatureValid()).isTrue();
				assertThat(received.body()).contains("\"test\":true");
			});

		// Another webhook channel an admin points here, with its own secret, is verified with it.
		Channel tryout = this.channels.create(new ChannelRequest("Try-out " + System.nanoTime(), ChannelType.WEBHOOK,
				channel.url(), "tryout-secret-0123456789", 2000, null, true, null)).channel();
		String tried = this.tests.send(tryout.id());
		NotificationsIntegration.await("the try-out's test is logged", Duration.ofSeconds(20),
				() -> this.receiver.list().stream().anyMatch((received) -> tried.equals(received.idempotencyKey())));
		assertThat(this.receiver.list()).filteredOn((received) -> tried.equals(received.idempotencyKey()))
			.first()
			.satisfies((received) -> assertThat(received.signatureValid()).isTrue());
	}

}
