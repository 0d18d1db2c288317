package dev.lookout.datasource;

import java.time.Duration;

/**
 * A data source declared by the application itself (the development demo) rather than typed
 * in by an admin; it goes through the same validation, sealing and audit as the admin's.
 */
public record ProvisionedDataSource(String name, String jdbcUrl, String username, String password, int poolSize,
		Duration queryTimeout, int rowLimit) {

	@Override
	public String toString() {
		return "ProvisionedDataSource[name=" + this.name + ", jdbcUrl=" + this.jdbcUrl + ", password hidden]";
	}

}
