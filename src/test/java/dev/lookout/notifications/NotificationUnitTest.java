package dev.lookout.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.lookout.alerts.AlertTransitioned;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts: the signature, the backoff's bounds, the payload. */
class NotificationUnitTest {

	@Test
	void signatureIsHmacSha256OverTimestampDotBody() {
		// echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'secret-0123456789'
		String signature = WebhookSignature.sign("secret-0123456789", "1700000000", "{\"a\":1}");
		assertThat(signature).matches("sha256=[0-9a-f]{64}");
		assertThat(WebhookSignature.verify("secret-0123456789", "1700000000", "{\"a\":1}", signature)).isTrue();
		assertThat(WebhookSignature.verify("secret-0123456789", "1700000001", "{\"a\":1}", signature)).isFalse();
		assertThat(WebhookSignature.verify("other-secret-0123", "1700000000", "{\"a\":1}", signature)).isFalse();
		assertThat(WebhookSignature.verify("secret-0123456789", "1700000000", "{\"a\":2}", signature)).isFalse();
	}

	@Test
	void signatureMatchesAKnownVector() {
		// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" split at the '.' we add.
		assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?", "").substring(7))
			.isNotEqualTo(WebhookSignature.sign("Jefe", "what do ya want for nothing", "").substring(7));
		javax.crypto.Mac mac;
		try {
			mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec("Jefe".getBytes(), "HmacSHA256"));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		String expected = java.util.HexFormat.of().formatHex(mac.doFinal("12.body".getBytes()));
		assertThat(WebhookSignature.sign("Jefe", "12", "body")).isEqualTo("sha256=" + expected);
	}

	@Test
	void backoffDoublesFromTheBaseUpToTheCap() {
		Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), (bound) -> bound);
		assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
		assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
		assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(512));
		assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofMinutes(10));
		assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofMinutes(10));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void fullJitterStaysWithinZeroAndTheCeilingAndSpreads() {
		Backoff backoff = Backoff.withRandomJitter(Duration.ofSeconds(2), Duration.ofMinutes(10));
		for (int attempt = 1; attempt <= 12; attempt++) {
			Duration ceiling = backoff.ceiling(attempt);
			long min = Long.MAX_VALUE;
			long max = 0;
			for (int i = 0; i < 500; i++) {
				long delay = backoff.delay(attempt).toMillis();
				assertThat(delay).isBetween(0L, ceiling.toMillis());
				min = Math.min(min, delay);
				max = Math.max(max, delay);
			}
			// Spread over the range, not bunched at one end.
			assertThat(min).isLessThan(ceiling.toMillis() / 4);
			assertThat(max).isGreaterThan(ceiling.toMillis() * 3 / 4);
		}
		assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), (bound) -> 0).delay(4)).isZero();
	}

	@Test
	void payloadHasTheDocumentedShape() {
		AlertTransitioned transition = new AlertTransitioned(7, 42, "Orders stalled", 3, "shop",
				Map.of("region", List.of("eu")), "OK", "FIRING", "0 rows", Instant.parse("2026-12-01T10:00:00Z"),
				List.of(1L));
		Map<String, Object> document = NotificationPayload.read(NotificationPayload.of(transition));
		assertThat(document).containsOnlyKeys("idempotencyKey", "rule", "panel", "view", "from", "to", "value", "at");
		assertThat(document.get("idempotencyKey")).isEqualTo("alert-7-transition-42");
		assertThat(document.get("rule")).isEqualTo(Map.of("id", 7, "name", "Orders stalled"));
		assertThat(document.get("panel")).isEqualTo(Map.of("id", 3, "dashboard", "shop"));
		assertThat(document.get("view")).isEqualTo(Map.of("region", List.of("eu")));
		assertThat(document).containsEntry("from", "OK").containsEntry("to", "FIRING").containsEntry("value", "0 rows")
			.containsEntry("at", "2026-12-01T10:00:00Z");
	}

	@Test
	void onlyHttpAndHttpsUrlsWithAHost() {
		assertThat(ChannelRules.urlProblem("http://127.0.0.1:8080/hook")).isEmpty();
		assertThat(ChannelRules.urlProblem("https://hooks.example.com/x")).isEmpty();
		assertThat(ChannelRules.urlProblem("ftp://example.com/x")).isPresent();
		assertThat(ChannelRules.urlProblem("file:///etc/passwd")).isPresent();
		assertThat(ChannelRules.urlProblem("javascript:alert(1)")).isPresent();
		assertThat(ChannelRules.urlProblem("http://user:pw@example.com/")).isPresent();
	}

}
