package dev.lookout.datasource;

/** A data source was created, edited or removed; {@code removed} tells which. */
public record DataSourceChanged(long dataSourceId, boolean removed) {
}
