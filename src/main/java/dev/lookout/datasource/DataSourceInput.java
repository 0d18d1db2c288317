package dev.lookout.datasource;

/**
 * What an admin submits to create or edit a data source, before validation. On an edit, a
 * {@code null} password keeps the stored one and an empty one removes it; {@code version} is
 * the version the edit started from. A new source may leave out its pool size, query timeout
 * and row limit: it gets the defaults below ({@link #withDefaults()}), which the form shows too.
 */
record DataSourceInput(String name, String jdbcUrl, String username, String password, Integer poolSize,
		Integer queryTimeoutMs, Integer rowLimit, Long version) {

	/** A small pool: refreshes take all but one connection, previews the last one. */
	static final int DEFAULT_POOL_SIZE = 4;

	/** Long enough for a dashboard's query, short enough that a runaway one is cancelled. */
	static final int DEFAULT_QUERY_TIMEOUT_MS = 30_000;

	/** Rows enough for a table, few enough for a browser to draw. */
	static final int DEFAULT_ROW_LIMIT = 10_000;

	/** This input, with the defaults for the pool size, query timeout and row limit it leaves out. */
	DataSourceInput withDefaults() {
		return new DataSourceInput(this.name, this.jdbcUrl, this.username, this.password,
				(this.poolSize != null) ? this.poolSize : DEFAULT_POOL_SIZE,
				(this.queryTimeoutMs != null) ? this.queryTimeoutMs : DEFAULT_QUERY_TIMEOUT_MS,
				(this.rowLimit != null) ? this.rowLimit : DEFAULT_ROW_LIMIT, this.version);
	}

	@Override
	public String toString() {
		return "DataSourceInput[name=" + this.name + ", jdbcUrl=" + this.jdbcUrl + ", username=" + this.username
				+ ", password=" + ((this.password != null) ? "(given)" : "(not given)") + ", poolSize=" + this.poolSize
				+ ", queryTimeoutMs=" + this.queryTimeoutMs + ", rowLimit=" + this.rowLimit + ", version="
				+ this.version + "]";
	}

}
