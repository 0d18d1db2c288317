package dev.lookout.datasource;

import java.time.Duration;

/**
 * A data source declared by the application itself (the development demo, a file of the
 * provisioning directory) rather than typed in by an admin; it goes through the same validation,
 * sealing and audit as the admin's.
 */
public record ProvisionedDataSource(String name, String jdbcUrl, String username, String password, int poolSize,
		Duration queryTimeout, int rowLimit) {

	/** What a declaration that leaves out its pool size, query timeout or row limit gets: an admin's defaults. */
	public static final int DEFAULT_POOL_SIZE = DataSourceInput.DEFAULT_POOL_SIZE;

	public static final int DEFAULT_QUERY_TIMEOUT_MS = DataSourceInput.DEFAULT_QUERY_TIMEOUT_MS;

	public static final int DEFAULT_ROW_LIMIT = DataSourceInput.DEFAULT_ROW_LIMIT;

	@Override
	public String toString() {
		return "ProvisionedDataSource[name=" + this.name + ", jdbcUrl=" + this.jdbcUrl + ", password hidden]";
	}

}
