package dev.lookout.notifications;

import java.util.List;

import dev.lookout.security.secrets.SealedValues;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The webhook secrets as sealed values, so that the key rotation can seal them again with the current key. */
class ChannelSecrets implements SealedValues {

	private final JdbcClient jdbc;

	ChannelSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<SealedValue> list() {
		return this.jdbc
			.sql("SELECT id, name, secret_sealed FROM notification_channel WHERE secret_sealed IS NOT NULL ORDER BY id")
			.query((row, number) -> {
				long id = row.getLong(1);
				return new SealedValue(String.valueOf(id), "alert channel '" + row.getString(2) + "' secret",
						context(id), row.getString(3));
			})
			.list();
	}

	/** Compare and set on the stored text; bumps no version (the secret is the same). */
	@Override
	public boolean replace(SealedValue value, String resealed) {
		return this.jdbc.sql("UPDATE notification_channel SET secret_sealed = ? WHERE id = ? AND secret_sealed = ?")
			.params(resealed, Long.parseLong(value.id()), value.sealed())
			.update() == 1;
	}

	static String context(long id) {
		return "notification-channel:" + id + ":secret";
	}

}
