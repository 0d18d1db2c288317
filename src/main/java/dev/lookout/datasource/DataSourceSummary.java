package dev.lookout.datasource;

import java.time.Duration;

/** What other modules may know of a data source: never its URL credentials or password. */
public record DataSourceSummary(long id, String name, String kind, int poolSize, Duration queryTimeout, int rowLimit) {
}
