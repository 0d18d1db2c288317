package dev.lookout.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import dev.lookout.database.DatabaseMigrations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Development mode only: a built-in webhook receiver ({@code POST /dev/webhook-log}) that checks the
 * signature with the "Development log" channel's secret and keeps the last 100 deliveries in memory
 * ({@code GET /api/dev/webhook-log}, admins), and that channel, provisioned at start pointing at it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "APP_ENV", havingValue = "development")
class DevelopmentWebhookLog {

	static final String CHANNEL_NAME = "Development log";

	private static final Log logger = LogFactory.getLog(DevelopmentWebhookLog.class);

	@Bean
	ApplicationRunner developmentLogChannel(Channels channels, DatabaseMigrations migrations, Environment environment) {
		return (arguments) -> migrations.whenDone(() -> {
			String url = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080") + "/dev/webhook-log";
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("lookout-development", null, List.of()));
			try {
				Optional<Channel> existing = channels.findByName(CHANNEL_NAME);
				if (existing.isEmpty()) {
					channels.create(new ChannelRequest(CHANNEL_NAME, ChannelType.WEBHOOK, url, null, 2000, null, true, null));
					logger.info("Alert channel '" + CHANNEL_NAME + "' created: deliveries are listed at GET /api/dev/webhook-log");
				}
				else if (!url.equals(existing.get().url())) {
					Channel channel = existing.get();
					channels.update(channel.id(), new ChannelRequest(CHANNEL_NAME, ChannelType.WEBHOOK, url, null,
							channel.timeoutMs(), null, channel.enabled(), channel.version()));
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Alert channel '" + CHANNEL_NAME + "' not provisioned: " + ex.getMessage());
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		});
	}

	/** One delivery the development receiver got. */
	record Received(Instant receivedAt, String idempotencyKey, boolean signatureValid, String body) {

	}

	/** Found by the component scan on its own, so it carries the same condition. */
	@RestController
	@ConditionalOnProperty(name = "APP_ENV", havingValue = "development")
	static class Receiver {

		private static final int KEPT = 100;

		private final Channels channels;

		private final Clock clock;

		private final Deque<Received> received = new ArrayDeque<>();

		Receiver(Channels channels, Clock clock) {
			this.channels = channels;
			this.clock = clock;
		}

		@PostMapping("/dev/webhook-log")
		ResponseEntity<Void> receive(@RequestBody String body,
				@RequestHeader(name = WebhookSignature.KEY_HEADER, required = false) String key,
				@RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
				@RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature) {
			boolean valid = this.channels.findByName(CHANNEL_NAME)
				.flatMap((channel) -> this.channels.secret(channel.id()))
				.map((secret) -> WebhookSignature.verify(secret, timestamp, body, signature))
				.orElse(false);
			synchronized (this.received) {
				this.received.addFirst(new Received(this.clock.instant(), key, valid, body));
				while (this.received.size() > KEPT) {
					this.received.removeLast();
				}
			}
			return valid ? ResponseEntity.noContent().build() : ResponseEntity.status(401).build();
		}

		/** The last 100 deliveries, newest first. */
		@GetMapping("/api/dev/webhook-log")
		List<Received> list() {
			synchronized (this.received) {
				return new ArrayList<>(this.received);
			}
		}

	}

}
