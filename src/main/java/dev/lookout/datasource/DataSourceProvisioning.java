package dev.lookout.datasource;

import java.util.Map;
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

	DataSourceProvisioning(DataSources dataSources) {
		this.dataSources = dataSources;
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
		return this.dataSources.problemsOfProvisioned(input(declared));
	}

	/**
	 * Creates or updates the source named {@code declared.name()} from {@code file}, in one
	 * transaction, audited as the current user's (the provisioning's) change; nothing when it already
	 * has the declared values and comes from that file.
	 */
	public Applied apply(ProvisionedDataSource declared, String file) {
		return this.dataSources.provisionFrom(input(declared), file);
	}

	/** The file of the provisioning directory source {@code id} comes from, if it does. */
	public Optional<String> provisionedFrom(long id) {
		return this.dataSources.provisionedFrom(id);
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
