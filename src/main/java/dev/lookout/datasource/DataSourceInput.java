package dev.lookout.datasource;

/**
 * What an admin submits to create or edit a data source, before validation. On an edit, a
 * {@code null} password keeps the stored one and an empty one removes it; {@code version} is
 * the version the edit started from.
 */
record DataSourceInput(String name, String jdbcUrl, String username, String password, Integer poolSize,
		Integer queryTimeoutMs, Integer rowLimit, Long version) {

	@Override
	public String toString() {
		return "DataSourceInput[name=" + this.name + ", jdbcUrl=" + this.jdbcUrl + ", username=" + this.username
				+ ", password=" + ((this.password != null) ? "(given)" : "(not given)") + ", poolSize=" + this.poolSize
				+ ", queryTimeoutMs=" + this.queryTimeoutMs + ", rowLimit=" + this.rowLimit + ", version="
				+ this.version + "]";
	}

}
