package dev.lookout.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * A test notification through the same path as a transition's: a row in the outbox, written with
 * its audit entry in one transaction, delivered by the worker with retries and the breaker.
 */
class NotificationTests {

	private final Channels channels;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final OutboxWriter writer;

	private final Clock clock;

	NotificationTests(Channels channels, Outbox outbox, TransactionTemplate transactions, OutboxWriter writer,
			Clock clock) {
		this.channels = channels;
		this.outbox = outbox;
		this.transactions = transactions;
		this.writer = writer;
		this.clock = clock;
	}

	/** Queues a test notification; its key is answered so the receiver's log can be searched for it. */
	String send(long channelId) {
		return this.transactions.execute((status) -> {
			Channel channel = this.channels.get(channelId);
			if (!channel.enabled()) {
				throw new ApiException(ErrorCode.CONFLICT,
						"Alert channel '" + channel.name() + "' is disabled: enable it to send a test notification.");
			}
			Instant now = this.clock.instant();
			String key = "test-" + channelId + "-" + UUID.randomUUID();
			String payload = NotificationPayload.write(NotificationPayload.document(key, 0, "Test notification", 0, "",
					Map.of(), "OK", "FIRING", "a test sent from Lookout", now.toString(), true));
			this.outbox.add(channelId, key, payload);
			this.outbox.bound();
			this.channels.recordTest(channel);
			this.writer.wakeAfterCommit();
			return key;
		});
	}

}
