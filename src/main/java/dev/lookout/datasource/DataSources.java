package dev.lookout.datasource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The stored data sources, as the API and the pages change them. Every change is checked
 * ({@link SourceChecks}: fields, URL, and the account on a connection of its own, before the
 * transaction, so a slow source holds no application-database connection), then stored, audited
 * and announced with {@link DataSourceChanged} in one transaction ({@link DataSourceStore}). No
 * method returns a sealed password; {@link #password(long)} opens one, for the pools.
 */
@Component
class DataSources {

	private final DataSourceStore store;

	private final SourceChecks checks;

	private final JdbcUrlPolicy urlPolicy;

	private final TransactionOperations transactions;

	DataSources(DataSourceStore store, SourceChecks checks, JdbcUrlPolicy urlPolicy,
			TransactionOperations transactions) {
		this.store = store;
		this.checks = checks;
		this.urlPolicy = urlPolicy;
		this.transactions = transactions;
	}

	List<DataSourceDefinition> all() {
		return this.store.all();
	}

	Optional<DataSourceDefinition> find(long id) {
		return this.store.find(id);
	}

	/** @throws ApiException with {@code NOT_FOUND} when there is no such source */
	DataSourceDefinition get(long id) {
		return this.store.get(id);
	}

	/** Why today's rules refuse a stored source, if they do; such a source is never opened. */
	Optional<String> refusal(DataSourceDefinition source) {
		return this.urlPolicy.refusalOfStored(source.kind(), source.jdbcUrl(), source.username());
	}

	/** The opened password of a source, empty when it has none. */
	Optional<String> password(long id) {
		return this.store.password(id);
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
		return new Saved(this.transactions.execute((status) -> this.store.insert(valid, given)), check);
	}

	/**
	 * Creates a source the application declares; an H2 one only if it is one of its own
	 * embedded databases. Its account is reviewed when its pool first connects.
	 */
	@Transactional
	DataSourceDefinition provision(DataSourceInput input) {
		return this.store.insert(this.checks.validated(input, false, true), input);
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
		Optional<String> password = (input.password() != null) ? Optional.of(input.password())
				: this.store.storedPassword(id);
		ConnectionCheck check = this.checks.reviewAccount(valid, input, password.filter((given) -> !given.isEmpty()));
		return new Saved(this.transactions.execute((status) -> this.store.change(id, valid, input)), check);
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
		this.store.delete(source);
	}

	/**
	 * Everything wrong with the input, by field; empty when it is valid.
	 * @param edit whether the input edits a stored source, and so must name its version
	 */
	Map<String, String> problems(DataSourceInput input, boolean edit) {
		return this.checks.problems(input, edit, false);
	}

	/** @throws ApiException {@code PROVISIONED} when the source comes from a file: it changes there */
	private void refuseIfProvisioned(long id) {
		this.store.provisionedFrom(id).ifPresent((file) -> {
			throw new ApiException(ErrorCode.PROVISIONED, "Data source " + id + " is provisioned from " + file
					+ ": edit the file, not here.");
		});
	}

	/** A saved source and what checking its connection found (warnings about its account, or why it was not reached). */
	record Saved(DataSourceDefinition source, ConnectionCheck check) {
	}

}
