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
import java.util.Objects;
import java.util.Optional;

import dev.lookout.audit.AuditLog;
import dev.lookout.security.secrets.SecretCipher;
import dev.lookout.security.secrets.SecretNotOpened;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;
import jakarta.validation.Validator;

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
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.StringUtils;

/**
 * The stored data sources. Every change is checked ({@link SourceChecks}: fields, URL, and the
 * account on a connection of its own, before the transaction, so a slow source holds no
 * application-database connection), then stored, audited and announced with
 * {@link DataSourceChanged} in one transaction. Passwords are sealed with the record's id as
 * context ({@code datasource:<id>:password}), so a sealed value copied onto another record
 * does not open; no method returns one except {@link #password(long)}, for the pools.
 * <p>
 * Longer than most classes here: create, edit and delete each keep their statement, locking,
 * sealing, audit and announcement together, because each must happen in one transaction.
 */
@Component
class DataSources {

	private static final String SUBJECT_TYPE = "datasource";

	private static final String COLUMNS = "id, name, kind, jdbc_url, username, password_sealed IS NOT NULL,"
			+ " pool_size, query_timeout_ms, row_limit, version, created_at, updated_at";

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final JdbcClient jdbc;

	private final SecretCipher cipher;

	private final AuditLog auditLog;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final JdbcUrlPolicy urlPolicy;

	private final SourceChecks checks;

	private final TransactionOperations transactions;

	DataSources(JdbcClient jdbc, SecretCipher cipher, AuditLog auditLog, ApplicationEventPublisher events, Clock clock,
			JdbcUrlPolicy urlPolicy, AccountPolicy accountPolicy, TransactionOperations transactions,
			Validator validator) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.auditLog = auditLog;
		this.events = events;
		this.clock = clock;
		this.urlPolicy = urlPolicy;
		this.checks = new SourceChecks(validator, urlPolicy, accountPolicy, clock);
		this.transactions = transactions;
	}

	List<DataSourceDefinition> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM data_source ORDER BY name").query(DataSources::definition)
			.list();
	}

	Optional<DataSourceDefinition> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE id = ?")
			.param(id)
			.query(DataSources::definition)
			.optional();
	}

	/** @throws ApiException with {@code NOT_FOUND} when there is no such source */
	DataSourceDefinition get(long id) {
		return find(id).orElseThrow(() -> notFound(id));
	}

	/** Why today's rules refuse a stored source, if they do; such a source is never opened. */
	Optional<String> refusal(DataSourceDefinition source) {
		return this.urlPolicy.refusalOfStored(source.kind(), source.jdbcUrl(), source.username());
	}

	/** The opened password of a source, empty when it has none. */
	Optional<String> password(long id) {
		return this.jdbc.sql("SELECT password_sealed FROM data_source WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.map((sealed) -> this.cipher.open(sealed, DataSourcePasswords.context(id)));
	}

	/**
	 * Creates a source an admin typed in; what it leaves out of pool size, query timeout and row
	 * limit gets the defaults ({@link DataSourceInput#withDefaults()}).
	 * @throws InvalidDataSource when a field is invalid or the account is refused
	 */
	Saved create(DataSourceInput input) {
		DataSourceInput given = input.withDefaults();
		SourceChecks.ValidSource valid = this.checks.validated(given, false, false);
		ConnectionCheck check = this.checks.reviewAccount(valid, given, Optional.ofNullable(given.password()));
		return new Saved(this.transactions.execute((status) -> insert(valid, given)), check);
	}

	/**
	 * Creates a source the application declares; an H2 one only if it is one of its own
	 * embedded databases. Its account is reviewed when its pool first connects.
	 */
	@Transactional
	DataSourceDefinition provision(DataSourceInput input) {
		return insert(this.checks.validated(input, false, true), input);
	}

	/**
	 * Creates or updates the source named {@code input.name()} from a file of the provisioning
	 * directory, in one transaction, and marks it as provisioned from {@code file}; changes nothing
	 * when it already has these values (the password compared opened). A password that is
	 * {@code null} or empty means none. H2 only for the application's own embedded databases; the
	 * account is reviewed when its pool first connects, as for every provisioned source.
	 * @throws InvalidDataSource when a field is invalid
	 */
	@Transactional
	DataSourceProvisioning.Applied provisionFrom(DataSourceInput input, String file) {
		String password = (input.password() != null) ? input.password() : "";
		DataSourceInput given = new DataSourceInput(input.name(), input.jdbcUrl(), input.username(), password,
				input.poolSize(), input.queryTimeoutMs(), input.rowLimit(), null);
		SourceChecks.ValidSource valid = this.checks.validated(given, false, true);
		Optional<DataSourceDefinition> existing = all().stream()
			.filter((source) -> source.name().equals(valid.name()))
			.findFirst();
		if (existing.isEmpty()) {
			long id = insert(valid, given).id();
			markProvisioned(id, file);
			return new DataSourceProvisioning.Applied(id, DataSourceProvisioning.Outcome.CREATED);
		}
		DataSourceDefinition current = existing.get();
		if (sameValues(current, valid, given) && file.equals(provisionedFrom(current.id()).orElse(null))) {
			return new DataSourceProvisioning.Applied(current.id(), DataSourceProvisioning.Outcome.UNCHANGED);
		}
		change(current.id(), valid, new DataSourceInput(given.name(), given.jdbcUrl(), given.username(), password,
				given.poolSize(), given.queryTimeoutMs(), given.rowLimit(), current.version()));
		markProvisioned(current.id(), file);
		return new DataSourceProvisioning.Applied(current.id(), DataSourceProvisioning.Outcome.UPDATED);
	}

	private boolean sameValues(DataSourceDefinition current, SourceChecks.ValidSource valid, DataSourceInput input) {
		return current.jdbcUrl().equals(valid.jdbcUrl()) && Objects.equals(current.username(), valid.username())
				&& current.poolSize() == input.poolSize()
				&& current.queryTimeout().toMillis() == input.queryTimeoutMs().longValue()
				&& current.rowLimit() == input.rowLimit()
				&& storedPassword(current.id()).orElse("").equals(input.password());
	}

	/** The file of the provisioning directory the source comes from, if it does. */
	Optional<String> provisionedFrom(long id) {
		return this.jdbc.sql("SELECT provisioned_from FROM data_source WHERE id = ?")
			.param(id)
			.query((row, number) -> Optional.ofNullable(row.getString(1)))
			.optional()
			.flatMap((file) -> file);
	}

	private void markProvisioned(long id, String file) {
		this.jdbc.sql("UPDATE data_source SET provisioned_from = ? WHERE id = ?").params(file, id).update();
	}

	/** @throws ApiException {@code PROVISIONED} when the source comes from a file: it changes there */
	private void refuseIfProvisioned(long id) {
		provisionedFrom(id).ifPresent((file) -> {
			throw new ApiException(ErrorCode.PROVISIONED, "Data source " + id + " is provisioned from " + file
					+ ": edit the file, not here.");
		});
	}

	private DataSourceDefinition insert(SourceChecks.ValidSource valid, DataSourceInput input) {
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
	 * @throws EditConflict when the source changed since {@code input.version()}
	 * @throws ApiException with {@code NOT_FOUND} when there is no such source, {@code PROVISIONED}
	 * when it comes from a file of the provisioning directory
	 * @throws InvalidDataSource when a field is invalid or the account is refused
	 */
	Saved update(long id, DataSourceInput input) {
		refuseIfProvisioned(id);
		SourceChecks.ValidSource valid = this.checks.validated(input, true, false);
		Optional<String> password = (input.password() != null) ? Optional.of(input.password()) : storedPassword(id);
		ConnectionCheck check = this.checks.reviewAccount(valid, input, password.filter((given) -> !given.isEmpty()));
		return new Saved(this.transactions.execute((status) -> change(id, valid, input)), check);
	}

	private DataSourceDefinition change(long id, SourceChecks.ValidSource valid, DataSourceInput input) {
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

	/**
	 * Panels may refer to a source through a foreign key; while any does, the source stays.
	 * @throws ApiException with {@code CONFLICT} when panels still use it, {@code NOT_FOUND}
	 * when there is no such source
	 */
	@Transactional
	void delete(long id) {
		DataSourceDefinition source = get(id);
		refuseIfProvisioned(id);
		try {
			this.jdbc.sql("DELETE FROM data_source WHERE id = ?").param(id).update();
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiException(ErrorCode.CONFLICT, "Data source '" + source.name()
					+ "' is still used by panels: delete them or point them at another data source first.");
		}
		this.auditLog.record(actor(), "datasource.delete", SUBJECT_TYPE, String.valueOf(id),
				Map.of("name", source.name()));
		this.events.publishEvent(new DataSourceChanged(id, true));
	}

	/**
	 * Everything wrong with the input, by field; empty when it is valid.
	 * @param edit whether the input edits a stored source, and so must name its version
	 */
	Map<String, String> problems(DataSourceInput input, boolean edit) {
		return this.checks.problems(input, edit, false);
	}

	/** Everything wrong with a source the application declares (an embedded H2 database may be one). */
	Map<String, String> problemsOfProvisioned(DataSourceInput input) {
		return this.checks.problems(input, false, true);
	}

	/** The stored password, or none when it is absent or no key opens it (the pool reports that). */
	private Optional<String> storedPassword(long id) {
		try {
			return password(id);
		}
		catch (SecretNotOpened ex) {
			return Optional.empty();
		}
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

	/** A saved source and what checking its connection found (warnings about its account, or why it was not reached). */
	record Saved(DataSourceDefinition source, ConnectionCheck check) {
	}

}
