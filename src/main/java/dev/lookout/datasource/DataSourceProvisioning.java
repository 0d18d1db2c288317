package dev.lookout.datasource;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data sources the application declares: the demo's, created once and never changed after
 * ({@link #ensure}), and those of the provisioning directory's files, created or updated to what
 * the file says and marked as provisioned ({@link #apply}).
 */
@Component
public class DataSourceProvisioning {

	private final DataSources dataSources;

	private final DataSourceStore store;

	private final SourceChecks checks;

	DataSourceProvisioning(DataSources dataSources, DataSourceStore store, SourceChecks checks) {
		this.dataSources = dataSources;
		this.store = store;
		this.checks = checks;
	}

	/** The id of the source named {@code declared.name()}, created from the declaration when absent. */
	@Transactional
	public long ensure(ProvisionedDataSource declared) {
		return this.dataSources.all()
			.stream()
			.filter((existing) -> existing.name().equals(declared.name()))
			.findFirst()
			.orElseGet(() -> this.dataSources.provision(input(declared)))
			.id();
	}

	/**
	 * What is wrong with the declaration, by field ({@code name}, {@code jdbcUrl}, {@code username},
	 * {@code poolSize}, {@code queryTimeoutMs}, {@code rowLimit}); empty when {@link #apply} takes it.
	 */
	public Map<String, String> problems(ProvisionedDataSource declared) {
		return this.checks.problems(input(declared), false, true);
	}

	/**
	 * Creates or updates the source named {@code declared.name()} from {@code file}, in one
	 * transaction, audited as the current user's (the provisioning's) change, and marks it as
	 * provisioned from {@code file}; nothing when it already has the declared values (the password
	 * compared opened) and comes from that file. A password that is {@code null} or empty means
	 * none. H2 only for the application's own embedded databases; the account is reviewed when its
	 * pool first connects, as for every provisioned source.
	 * @throws InvalidDataSource when a field is invalid
	 */
	@Transactional
	public Applied apply(ProvisionedDataSource declared, String file) {
		DataSourceInput input = input(declared);
		String password = (input.password() != null) ? input.password() : "";
		DataSourceInput given = new DataSourceInput(input.name(), input.jdbcUrl(), input.username(), password,
				input.poolSize(), input.queryTimeoutMs(), input.rowLimit(), null);
		SourceChecks.ValidSource valid = this.checks.validated(given, false, true);
		Optional<DataSourceDefinition> existing = this.store.all()
			.stream()
			.filter((source) -> source.name().equals(valid.name()))
			.findFirst();
		if (existing.isEmpty()) {
			long id = this.store.insert(valid, given).id();
			this.store.markProvisioned(id, file);
			return new Applied(id, Outcome.CREATED);
		}
		DataSourceDefinition current = existing.get();
		if (sameValues(current, valid, given) && file.equals(provisionedFrom(current.id()).orElse(null))) {
			return new Applied(current.id(), Outcome.UNCHANGED);
		}
		this.store.change(current.id(), valid, new DataSourceInput(given.name(), given.jdbcUrl(), given.username(),
				password, given.poolSize(), given.queryTimeoutMs(), given.rowLimit(), current.version()));
		this.store.markProvisioned(current.id(), file);
		return new Applied(current.id(), Outcome.UPDATED);
	}

	private boolean sameValues(DataSourceDefinition current, SourceChecks.ValidSource valid, DataSourceInput input) {
		return current.jdbcUrl().equals(valid.jdbcUrl()) && Objects.equals(current.username(), valid.username())
				&& current.poolSize() == input.poolSize()
				&& current.queryTimeout().toMillis() == input.queryTimeoutMs().longValue()
				&& current.rowLimit() == input.rowLimit()
				&& this.store.storedPassword(current.id()).orElse("").equals(input.password());
	}

	/** The file of the provisioning directory source {@code id} comes from, if it does. */
	public Optional<String> provisionedFrom(long id) {
		return this.store.provisionedFrom(id);
	}

	private static DataSourceInput input(ProvisionedDataSource declared) {
		return new DataSourceInput(declared.name(), declared.jdbcUrl(), declared.username(), declared.password(),
				declared.poolSize(), (int) declared.queryTimeout().toMillis(), declared.rowLimit(), null);
	}

	/** What applying a file did to a source. */
	public enum Outcome {

		CREATED, UPDATED, UNCHANGED

	}

	/** The source a file was applied to, and what happened to it. */
	public record Applied(long id, Outcome outcome) {
	}

}
