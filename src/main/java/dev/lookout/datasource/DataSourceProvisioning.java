package dev.lookout.datasource;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Creates declared data sources that do not exist yet; never changes one an admin may have edited. */
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
			.orElseGet(() -> this.dataSources.provision(new DataSourceInput(declared.name(), declared.jdbcUrl(),
					declared.username(), declared.password(), declared.poolSize(),
					(int) declared.queryTimeout().toMillis(), declared.rowLimit(), null)))
			.id();
	}

}
