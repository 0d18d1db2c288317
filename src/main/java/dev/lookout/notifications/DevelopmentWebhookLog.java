package dev.lookout.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.alerts.ReceivedWebhooks;
import dev.lookout.database.DatabaseMigrations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Development mode only: a built-in webhook receiver ({@code POST /dev/webhook-log}) that checks the
 * signature with the secret of each webhook channel pointed at it (the {@link DevelopmentChannel}, or
 * one an admin made to try) and keeps the last 100 deliveries in memory
 * ({@code GET /api/dev/webhook-log}, admins; on the alerts page through {@link ReceivedWebhooks}), and
 * that channel, ensured at start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "APP_ENV", havingValue = "development")
class DevelopmentWebhookLog {

	static final String PATH = "/dev/webhook-log";

	private static final Log logger = LogFactory.getLog(DevelopmentWebhookLog.class);

	@Bean
	ApplicationRunner developmentLogChannel(DevelopmentChannel channel, DatabaseMigrations migrations) {
		return (arguments) -> migrations.whenDone(() -> {
			try {
				channel.ensure();
			}
			catch (RuntimeException ex) {
				logger.warn("Alert channel '" + DevelopmentChannel.NAME + "' not provisioned: " + ex.getMessage());
			}
		});
	}

	/** One delivery the development receiver got. */
	record Received(Instant receivedAt, String idempotencyKey, boolean signatureValid, String body) {

	}

	/** Found by the component scan on its own, so it carries the same condition. */
	@RestController
	@ConditionalOnProperty(name = "APP_ENV", havingValue = "development")
	static class Receiver implements ReceivedWebhooks {

		private static final int KEPT = 100;

		private final Channels channels;

		private final Clock clock;

		private final Deque<Received> received = new ArrayDeque<>();

		Receiver(Channels channels, Clock clock) {
			this.channels = channels;
			this.clock = clock;
		}

		@PostMapping(PATH)
		ResponseEntity<Void> receive(@RequestBody String body,
				@RequestHeader(name = WebhookSignature.KEY_HEADER, required = false) String key,
				@RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
				@RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature) {
			// Any webhook channel pointed here may have sent it ("Development log", or one an admin made to try).
			boolean valid = this.channels.list()
				.stream()
				.filter((channel) -> channel.type() == ChannelType.WEBHOOK && channel.url() != null
						&& channel.url().endsWith(PATH))
				.map(this::openedSecret)
				.flatMap(Optional::stream)
				.anyMatch((secret) -> WebhookSignature.verify(secret, timestamp, body, signature));
			synchronized (this.received) {
				this.received.addFirst(new Received(this.clock.instant(), key, valid, body));
				while (this.received.size() > KEPT) {
					this.received.removeLast();
				}
			}
			return valid ? ResponseEntity.noContent().build() : ResponseEntity.status(401).build();
		}

		/**
		 * The channel's secret, if it can be opened: one sealed under another {@code SECRET_KEY} (a
		 * database kept from a run with another key) cannot, and its deliveries count as unsigned
		 * (401), not as the receiver's failure (500).
		 */
		private Optional<String> openedSecret(Channel channel) {
			try {
				return this.channels.secret(channel.id());
			}
			catch (RuntimeException ex) {
				logger.warn("The secret of alert channel '" + channel.name() + "' cannot be opened with this SECRET_KEY"
						+ " (" + ex.getMessage() + "); replace it on /alerts/channels");
				return Optional.empty();
			}
		}

		/** The last 100 deliveries, newest first. */
		@GetMapping("/api/dev/webhook-log")
		List<Received> list() {
			synchronized (this.received) {
				return new ArrayList<>(this.received);
			}
		}

		@Override
		public List<ReceivedWebhook> latest(int limit) {
			return list().stream().limit(limit).map(Receiver::shown).toList();
		}

		/** The delivery with what its body says, when it is a notification: anybody may post here. */
		private static ReceivedWebhook shown(Received received) {
			Map<String, Object> document = document(received.body());
			Object rule = document.get("rule");
			Object name = (rule instanceof Map<?, ?> fields) ? fields.get("name") : null;
			return new ReceivedWebhook(received.receivedAt(), received.idempotencyKey(), received.signatureValid(),
					text(name), text(document.get("from")), text(document.get("to")), text(document.get("value")));
		}

		private static Map<String, Object> document(String body) {
			try {
				Map<String, Object> document = NotificationPayload.read(body);
				return (document != null) ? document : Map.of();
			}
			catch (RuntimeException ex) {
				// Not JSON, or JSON but not an object: shown without what a notification would say.
				return Map.of();
			}
		}

		private static String text(Object value) {
			return (value != null) ? value.toString() : null;
		}

	}

}
