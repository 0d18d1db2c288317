package dev.lookout.datasource;

import java.time.Duration;
import java.time.Instant;

/**
 * A stored data source. It never holds the password, sealed or not: only whether one is set;
 * the pools open it when they connect.
 */
record DataSourceDefinition(long id, String name, DataSourceKind kind, String jdbcUrl, String username,
		boolean passwordSet, int poolSize, Duration queryTimeout, int rowLimit, long version, Instant createdAt,
		Instant updatedAt) {

	DataSourceSummary summary() {
		return new DataSourceSummary(this.id, this.name, this.kind.value(), this.poolSize, this.queryTimeout,
				this.rowLimit);
	}

}
