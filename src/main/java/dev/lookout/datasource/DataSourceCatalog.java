package dev.lookout.datasource;

import java.util.List;
import java.util.Optional;

/** Read access to data sources for other modules. Placeholder of the contract; replaced in the same change. */
public class DataSourceCatalog {

	public List<DataSourceSummary> all() {
		throw new IllegalStateException("contract placeholder");
	}

	public Optional<DataSourceSummary> find(long id) {
		throw new IllegalStateException("contract placeholder");
	}

}
