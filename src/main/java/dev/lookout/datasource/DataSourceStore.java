package dev.lookout.datasource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.audit.AuditLog;
import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.security.secrets.SecretNotOpened;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The table {@code data_source}, in the caller's transaction: its rows read, and each change of a
 * checked source written with its sealed password, its audit entry and its {@link DataSourceChanged}.
 * Passwords are sealed with the record's id as context ({@code datasource:<id>:password}), so a
 * sealed value copied onto another record does not open.
 */
@Component
class DataSourceStore {

	private static final String SUBJECT_TYPE = "datasource";

	private static final String COLUMNS = "id, name, kind, jdbc_url, username, password_sealed IS NOT NULL,"
			+ " pool_size, query_timeout_ms, row_limit, version, created_at, updated_at";

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final JdbcClient jdbc;

	private final SecretCipher cipher;

	private final AuditLog auditLog;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	DataSourceStore(JdbcClient jdbc, SecretCipher cipher, AuditLog auditLog, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.auditLog = auditLog;
		this.events = events;
		this.clock = clock;
	}

	List<DataSourceDefinition> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM data_source ORDER BY name").query(DataSourceStore::definition)
			.list();
	}

	Optional<DataSourceDefinition> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE id = ?")
			.param(id)
			.query(DataSourceStore::definition)
			.optional();
	}

	/** @throws ApiException with {@code NOT_FOUND} when there is no such source */
	DataSourceDefinition get(long id) {
		return find(id).orElseThrow(() -> notFound(id));
	}

	/** The opened password of a source, empty when it has none. */
	Optional<String> password(long id) {
		return this.jdbc.sql("SELECT password_sealed FROM data_source WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.map((sealed) -> this.cipher.open(sealed, DataSourcePasswords.context(id)));
	}

	/** The stored password, or none when it is absent or no key opens it (the pool reports that). */
	Optional<String> storedPassword(long id) {
		try {
			return password(id);
		}
		catch (SecretNotOpened ex) {
			return Optional.empty();
		}
	}

	/** The file of the provisioning directory the source comes from, if it does. */
	Optional<String> provisionedFrom(long id) {
		return this.jdbc.sql("SELECT provisioned_from FROM data_source WHERE id = ?")
			.param(id)
			.query((row, number) -> Optional.ofNullable(row.getString(1)))
			.optional()
			.flatMap((file) -> file);
	}

	void markProvisioned(long id, String file) {
		this.jdbc.sql("UPDATE data_source SET provisioned_from = ? WHERE id = ?").params(file, id).update();
	}

	/** Inserts the source; a non-empty {@code input.password()} is sealed and stored. */
	DataSourceDefinition insert(SourceChecks.ValidSource valid, DataSourceInput input) {
		Instant now = this.clock.instant();
		KeyHolder key = new GeneratedKeyHolder();
		try {
			this.jdbc
				.sql("INSERT INTO data_source (name, kind, jdbc_url, username, pool_size, query_timeout_ms, row_limit,"
						+ " version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")
				.params(valid.name(), valid.kind().value(), valid.jdbcUrl(), valid.username(), input.poolSize(),
						input.queryTimeoutMs(), input.rowLimit(), Timestamp.from(now), Timestamp.from(now))
				.update(key, "id");
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(valid.name());
		}
		long id = key.getKeyAs(Long.class);
		// Sealed after the insert because the context binds the sealed value to the new id.
		boolean passwordSet = StringUtils.hasLength(input.password());
		if (passwordSet) {
			storePassword(id, input.password());
		}
		recordAndAnnounce("create", id, valid, input, passwordSet ? "set" : "none");
		return get(id);
	}

	/**
	 * Changes the source if nobody saved it since {@code input.version()}; a {@code null} password
	 * keeps the stored one, an empty one removes it.
	 * @throws EditConflict when the source changed since {@code input.version()}
	 */
	DataSourceDefinition change(long id, SourceChecks.ValidSource valid, DataSourceInput input) {
		int updated;
		try {
			updated = this.jdbc
				.sql("UPDATE data_source SET name = ?, kind = ?, jdbc_url = ?, username = ?, pool_size = ?,"
						+ " query_timeout_ms = ?, row_limit = ?, version = version + 1, updated_at = ?"
						+ " WHERE id = ? AND version = ?")
				.params(valid.name(), valid.kind().value(), valid.jdbcUrl(), valid.username(), input.poolSize(),
						input.queryTimeoutMs(), input.rowLimit(), Timestamp.from(this.clock.instant()), id,
						input.version())
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(valid.name());
		}
		if (updated == 0) {
			DataSourceDefinition current = get(id);
			throw new EditConflict("Data source '" + current.name() + "' was changed by somebody else since version "
					+ input.version() + " (it is now at version " + current.version()
					+ "): reload it, reapply your change and save again.");
		}
		String passwordChange;
		if (input.password() == null) {
			passwordChange = "unchanged";
		}
		else if (input.password().isEmpty()) {
			this.jdbc.sql("UPDATE data_source SET password_sealed = NULL WHERE id = ?").param(id).update();
			passwordChange = "removed";
		}
		else {
			storePassword(id, input.password());
			passwordChange = "changed";
		}
		recordAndAnnounce("update", id, valid, input, passwordChange);
		return get(id);
	}

	/** @throws ApiException with {@code CONFLICT} when panels still use the source */
	void delete(DataSourceDefinition source) {
		try {
			this.jdbc.sql("DELETE FROM data_source WHERE id = ?").param(source.id()).update();
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiException(ErrorCode.CONFLICT, "Data source '" + source.name()
					+ "' is still used by panels: delete them or point them at another data source first.");
		}
		this.auditLog.record(actor(), "datasource.delete", SUBJECT_TYPE, String.valueOf(source.id()),
				Map.of("name", source.name()));
		this.events.publishEvent(new DataSourceChanged(source.id(), true));
	}

	private void storePassword(long id, String password) {
		this.jdbc.sql("UPDATE data_source SET password_sealed = ? WHERE id = ?")
			.params(this.cipher.seal(password, DataSourcePasswords.context(id)), id)
			.update();
	}

	/** @param passwordChange what happened to the password, never the password */
	private void recordAndAnnounce(String action, long id, SourceChecks.ValidSource valid, DataSourceInput input, String passwordChange) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", valid.name());
		details.put("kind", valid.kind().value());
		details.put("jdbcUrl", valid.jdbcUrl());
		details.put("username", valid.username());
		details.put("password", passwordChange);
		details.put("poolSize", input.poolSize());
		details.put("queryTimeoutMs", input.queryTimeoutMs());
		details.put("rowLimit", input.rowLimit());
		this.auditLog.record(actor(), "datasource." + action, SUBJECT_TYPE, String.valueOf(id), details);
		this.events.publishEvent(new DataSourceChanged(id, false));
	}

	private String actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return this.trustResolver.isAuthenticated(authentication) ? authentication.getName() : "anonymous";
	}

	private static ApiException notFound(long id) {
		return new ApiException(ErrorCode.NOT_FOUND, "There is no data source with id " + id + ".");
	}

	private static ApiException nameTaken(String name) {
		return new ApiException(ErrorCode.CONFLICT,
				"A data source named '" + name + "' already exists: choose another name.");
	}

	private static DataSourceDefinition definition(ResultSet row, int rowNumber) throws SQLException {
		return new DataSourceDefinition(row.getLong(1), row.getString(2), DataSourceKind.of(row.getString(3)),
				row.getString(4), row.getString(5), row.getBoolean(6), row.getInt(7),
				Duration.ofMillis(row.getInt(8)), row.getInt(9), row.getLong(10), row.getTimestamp(11).toInstant(),
				row.getTimestamp(12).toInstant());
	}

}
