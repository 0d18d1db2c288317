package dev.lookout.alerts;

import java.time.Instant;
import java.util.List;

/**
 * The deliveries a development webhook receiver got, as the alerts page lists them so a newcomer
 * sees an alert arrive as a webhook would. The notifications module implements it, in development
 * mode only; it is declared here because notifications depends on alerts, never the reverse.
 */
public interface ReceivedWebhooks {

	/** At most {@code limit} deliveries, newest first. */
	List<ReceivedWebhook> latest(int limit);

	/**
	 * One delivery as received.
	 *
	 * @param idempotencyKey its {@code Lookout-Idempotency-Key} header; null when it had none
	 * @param ruleName the rule, from the JSON body; null when the body is no notification
	 * @param from the state before, from the JSON body; null when absent
	 * @param to the state after, from the JSON body; null when absent
	 * @param value what caused it, from the JSON body; null when absent
	 */
	record ReceivedWebhook(Instant receivedAt, String idempotencyKey, boolean signatureValid, String ruleName,
			String from, String to, String value) {

	}

}
