package dev.lookout.notifications;

import java.net.URI;
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

	/**
	 * The channel as those who may not change it see it: a webhook URL with its scheme, host and port
	 * only; its user information, path and query often carry the receiver's credential (Slack, Teams
	 * and Discord put it in the path).
	 */
	Channel withUrlRedacted() {
		if (this.url == null) {
			return this;
		}
		URI parsed = URI.create(this.url);
		String origin = parsed.getScheme() + "://" + parsed.getHost()
				+ ((parsed.getPort() != -1) ? ":" + parsed.getPort() : "");
		boolean more = parsed.getRawUserInfo() != null || parsed.getRawQuery() != null
				|| (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty() && !"/".equals(parsed.getRawPath()));
		return new Channel(this.id, this.name, this.type, more ? origin + "/…" : origin, this.timeoutMs,
				this.recipients, this.enabled, this.version);
	}

}
