package dev.lookout.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts a notification to a webhook: the JSON body, {@code Lookout-Idempotency-Key},
 * {@code Lookout-Timestamp} (epoch seconds) and {@code Lookout-Signature}; connect and answer each
 * within the channel's timeout. 2xx is delivered; a 4xx other than 408 and 429 is refused for good;
 * anything else (refused, timed out, 5xx) is {@link ChannelFailed}.
 */
class WebhookSender {

	private final Clock clock;

	private final Map<Integer, HttpClient> clients = new ConcurrentHashMap<>();

	WebhookSender(Clock clock) {
		this.clock = clock;
	}

	Delivery send(Channel channel, String secret, String key, String body) throws ChannelFailed {
		Duration timeout = Duration.ofMillis(channel.timeoutMs());
		String timestamp = String.valueOf(this.clock.instant().getEpochSecond());
		HttpRequest request = HttpRequest.newBuilder(URI.create(channel.url()))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "Lookout-Notifications")
			.header(WebhookSignature.KEY_HEADER, key)
			.header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
			.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		// One client per connect timeout (channels share them): a client holds a selector thread.
		HttpClient client = this.clients.computeIfAbsent(channel.timeoutMs(), (millis) -> HttpClient.newBuilder()
			.connectTimeout(Duration.ofMillis(millis))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build());
		try {
			HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Delivery.DONE;
			}
			if (status >= 400 && status < 500 && status != 408 && status != 429) {
				return Delivery.refused("the receiver refused it: HTTP " + status);
			}
			throw new ChannelFailed("the receiver answered HTTP " + status, null);
		}
		catch (HttpTimeoutException ex) {
			throw new ChannelFailed("no answer within " + channel.timeoutMs() + " ms", ex);
		}
		catch (IOException ex) {
			throw new ChannelFailed("cannot reach the receiver: " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ChannelFailed("interrupted: the instance is stopping", ex);
		}
	}

}
