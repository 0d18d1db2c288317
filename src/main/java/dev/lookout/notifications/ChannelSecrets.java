package dev.lookout.notifications;

import dev.lookout.security.secrets.SealedColumn;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The webhook secrets as sealed values, so that the key rotation can seal them again with the current key. */
class ChannelSecrets extends SealedColumn {

	ChannelSecrets(JdbcClient jdbc) {
		super(jdbc, "notification_channel", "secret_sealed", "alert channel '%s' secret", ChannelSecrets::context);
	}

	/** The context a channel's secret is sealed with ({@link WebhookSecrets} seals, the key rotation re-seals). */
	static String context(long id) {
		return "notification-channel:" + id + ":secret";
	}

}
