package dev.lookout.datasource;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Read access to data sources for other modules: names and limits, never URLs or credentials. */
@Component
public class DataSourceCatalog {

	private final DataSources dataSources;

	DataSourceCatalog(DataSources dataSources) {
		this.dataSources = dataSources;
	}

	/** Every source, by name. */
	public List<DataSourceSummary> all() {
		return this.dataSources.all().stream().map(DataSourceDefinition::summary).toList();
	}

	public Optional<DataSourceSummary> find(long id) {
		return this.dataSources.find(id).map(DataSourceDefinition::summary);
	}

	/** The source with this name, as files name them (names are unique). */
	public Optional<DataSourceSummary> findByName(String name) {
		return all().stream().filter((source) -> source.name().equals(name)).findFirst();
	}

}
