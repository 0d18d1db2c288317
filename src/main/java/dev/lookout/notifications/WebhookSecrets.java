package dev.lookout.notifications;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import dev.lookout.security.secrets.SecretCipher;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A webhook's secret: generated when none is given, sealed with the row's id as context
 * ({@link ChannelSecrets#context}) into {@code notification_channel.secret_sealed}, opened for delivery.
 */
class WebhookSecrets {

	private final JdbcClient jdbc;

	private final SecretCipher cipher;

	private final SecureRandom random = new SecureRandom();

	WebhookSecrets(JdbcClient jdbc, SecretCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	/** The secret of channel {@code id}, opened; empty for a channel without one. */
	Optional<String> open(long id) {
		return this.jdbc.sql("SELECT secret_sealed FROM notification_channel WHERE id = ? AND secret_sealed IS NOT NULL")
			.param(id)
			.query(String.class)
			.optional()
			.map((sealed) -> this.cipher.open(sealed, ChannelSecrets.context(id)));
	}

	/** Seals {@code secret} for channel {@code id} and stores it, in the caller's transaction. */
	void store(long id, String secret) {
		this.jdbc.sql("UPDATE notification_channel SET secret_sealed = ? WHERE id = ?")
			.params(this.cipher.seal(secret, ChannelSecrets.context(id)), id)
			.update();
	}

	/** A new random secret: 32 bytes, URL-safe Base64 after {@code whsec_}. */
	String generated() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
