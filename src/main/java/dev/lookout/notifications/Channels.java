package dev.lookout.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.alerts.RulesNamingChannels;
import dev.lookout.audit.AuditLog;
import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;
import jakarta.validation.Validator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The channels (table {@code notification_channel}): read, and each change checked
 * ({@link ChannelRules}) and stored in one transaction with its audit entry; a webhook's secret
 * ({@link WebhookSecrets}) is shown once when created (or replaced) and never again.
 */
class Channels {

	static final String SUBJECT_TYPE = "alert-channel";

	private static final String COLUMNS = "id, name, type, url, timeout_ms, recipients, enabled, version";

	private final JdbcClient jdbc;

	private final WebhookSecrets secrets;

	private final ChannelRules rules;

	private final AuditLog auditLog;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final RulesNamingChannels rulesNaming;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	Channels(JdbcClient jdbc, SecretCipher cipher, AuditLog auditLog, TransactionTemplate transactions,
			Validator validator, Clock clock, boolean mailConfigured, RulesNamingChannels rulesNaming) {
		this.jdbc = jdbc;
		this.secrets = new WebhookSecrets(jdbc, cipher);
		this.rules = new ChannelRules(validator, mailConfigured);
		this.auditLog = auditLog;
		this.transactions = transactions;
		this.clock = clock;
		this.rulesNaming = rulesNaming;
	}

	List<Channel> list() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_channel ORDER BY name").query(Channels::row).list();
	}

	Optional<Channel> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_channel WHERE id = ?")
			.param(id)
			.query(Channels::row)
			.optional();
	}

	Optional<Channel> findByName(String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_channel WHERE name = ?")
			.param(name)
			.query(Channels::row)
			.optional();
	}

	Channel get(long id) {
		return find(id).orElseThrow(() -> notFound(id));
	}

	/** The webhook's secret, opened; empty for a channel without one. */
	Optional<String> secret(long id) {
		return this.secrets.open(id);
	}

	/** Creates the channel; the answer carries the webhook's secret, the only time it is shown. */
	Created create(ChannelRequest request) {
		this.rules.validate(request, false);
		String secret = (request.type() == ChannelType.WEBHOOK)
				? ((request.secret() != null) ? request.secret() : this.secrets.generated()) : null;
		return this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			KeyHolder key = new GeneratedKeyHolder();
			try {
				this.jdbc
					.sql("INSERT INTO notification_channel (name, type, url, timeout_ms, recipients, enabled, version,"
							+ " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")
					.params(request.name().strip(), request.type().name(), webhookUrl(request), request.timeoutOrDefault(),
							recipients(request), request.enabledOrDefault(), Timestamp.from(now), Timestamp.from(now))
					.update(key, "id");
			}
			catch (DuplicateKeyException ex) {
				throw nameTaken(request.name());
			}
			long id = key.getKeyAs(Long.class);
			if (secret != null) {
				this.secrets.store(id, secret);
			}
			record("create", id, request, (secret != null) ? "set" : "none");
			return new Created(get(id), secret);
		});
	}

	/**
	 * Changes the channel if nobody saved it since {@code request.version()}; a given secret replaces
	 * the stored one (and is answered once), none keeps it.
	 */
	Created update(long id, ChannelRequest request) {
		this.rules.validate(request, true);
		return this.transactions.execute((status) -> {
			Channel current = get(id);
			if (current.type() != request.type()) {
				throw new InvalidChannel(Map.of("type", "cannot change from " + current.type() + "; create a new channel"));
			}
			int updated;
			try {
				updated = this.jdbc
					.sql("UPDATE notification_channel SET name = ?, url = ?, timeout_ms = ?, recipients = ?, enabled = ?,"
							+ " version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
					.params(request.name().strip(), webhookUrl(request), request.timeoutOrDefault(), recipients(request),
							request.enabledOrDefault(), Timestamp.from(this.clock.instant()), id, request.version())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw nameTaken(request.name());
			}
			if (updated == 0) {
				throw conflict(current, request.version());
			}
			String secret = (request.type() == ChannelType.WEBHOOK) ? request.secret() : null;
			if (secret != null) {
				this.secrets.store(id, secret);
			}
			record("update", id, request, (secret != null) ? "replaced" : "kept");
			return new Created(get(id), secret);
		});
	}

	/**
	 * Replaces a webhook's secret if nobody saved the channel since {@code version}; the answer
	 * carries the new secret, shown this once.
	 * @param secret the new secret; null has one generated
	 */
	Created replaceSecret(long id, long version, String secret) {
		Channel current = get(id);
		return update(id, ChannelRequest.of(current, (secret != null) ? secret : this.secrets.generated(),
				current.enabled(), version));
	}

	/**
	 * Deletes the channel and its outbox rows (delivered or not).
	 * @throws ApiException with {@code CONFLICT} while alert rules name it, as a data source panels use
	 */
	void delete(long id, long version) {
		this.transactions.executeWithoutResult((status) -> {
			Channel current = get(id);
			List<String> rules = this.rulesNaming.rulesNaming(id);
			if (!rules.isEmpty()) {
				throw new ApiException(ErrorCode.CONFLICT, "Channel '" + current.name() + "' is still named by "
						+ rules.size() + " alert rule(s): '" + String.join("', '", rules)
						+ "'. Take it out of them (or delete them) first.");
			}
			if (this.jdbc.sql("DELETE FROM notification_channel WHERE id = ? AND version = ?")
				.params(id, version)
				.update() == 0) {
				throw conflict(current, version);
			}
			this.auditLog.record(actor(), "alert-channel.delete", SUBJECT_TYPE, String.valueOf(id),
					Map.of("name", current.name()));
		});
	}

	/** Records, in the caller's transaction, that somebody asked for a test notification. */
	void recordTest(Channel channel) {
		this.auditLog.record(actor(), "alert-channel.test", SUBJECT_TYPE, String.valueOf(channel.id()),
				Map.of("name", channel.name()));
	}

	private void record(String action, long id, ChannelRequest request, String secret) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", request.name().strip());
		details.put("type", request.type().name());
		if (request.type() == ChannelType.WEBHOOK) {
			details.put("url", request.url().strip());
			details.put("secret", secret);
		}
		else {
			details.put("recipients", request.recipientsOrEmpty());
		}
		details.put("timeoutMs", request.timeoutOrDefault());
		details.put("enabled", request.enabledOrDefault());
		this.auditLog.record(actor(), "alert-channel." + action, SUBJECT_TYPE, String.valueOf(id), details);
	}

	private static String webhookUrl(ChannelRequest request) {
		return (request.type() == ChannelType.WEBHOOK) ? request.url().strip() : null;
	}

	private static String recipients(ChannelRequest request) {
		return (request.type() == ChannelType.EMAIL) ? String.join(",", request.recipientsOrEmpty()) : null;
	}

	private String actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return this.trustResolver.isAuthenticated(authentication) ? authentication.getName() : "anonymous";
	}

	private static Channel row(ResultSet row, int number) throws SQLException {
		String recipients = row.getString("recipients");
		return new Channel(row.getLong("id"), row.getString("name"), ChannelType.valueOf(row.getString("type")),
				row.getString("url"), row.getInt("timeout_ms"),
				(recipients == null || recipients.isEmpty()) ? List.of() : new ArrayList<>(Arrays.asList(recipients.split(","))),
				row.getBoolean("enabled"), row.getLong("version"));
	}

	static ApiException notFound(long id) {
		return new ApiException(ErrorCode.NOT_FOUND, "There is no alert channel with id " + id + ".");
	}

	private static ApiException nameTaken(String name) {
		return new InvalidChannel(Map.of("name", "a channel named '" + name.strip() + "' exists already"));
	}

	private static ApiException conflict(Channel current, long version) {
		return new EditConflict("Alert channel '" + current.name() + "' was changed by somebody else since version "
				+ version + " (it is now at version " + current.version() + "): read it again and apply your change.");
	}

	/**
	 * @param secret the webhook's secret when it was set by this change (shown this once), else null
	 */
	record Created(Channel channel, String secret) {

	}

}
