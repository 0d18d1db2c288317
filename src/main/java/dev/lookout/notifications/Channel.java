package dev.lookout.notifications;

import java.util.List;

/**
 * A notification channel as the API shows it: never its secret.
 *
 * @param url WEBHOOK: where it posts; null for EMAIL
 * @param timeoutMs how long one delivery may take (connect and answer)
 * @param recipients EMAIL: the addresses; empty for WEBHOOK
 * @param version what an update or delete must name (optimistic locking)
 */
public record Channel(long id, String name, ChannelType type, String url, int timeoutMs, List<String> recipients,
		boolean enabled, long version) {

	public Channel {
		recipients = List.copyOf(recipients);
	}

}
