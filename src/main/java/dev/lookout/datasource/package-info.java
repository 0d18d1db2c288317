/**
 * Data sources: the JDBC databases panels query. Owns their definitions (passwords sealed at
 * rest, every change audited and announced with {@link dev.lookout.datasource.DataSourceChanged}),
 * one bounded pool per source, and query execution: one read-only statement, time- and
 * row-limited, values converted to JSON-safe types, variables named in it ({@code :region})
 * always bound as parameters. Serves the admin pages, the JSON API for sources and the SQL
 * preview ({@code /api/query}); other modules use {@link dev.lookout.datasource.DataSourceCatalog},
 * {@link dev.lookout.datasource.Queries} and {@link dev.lookout.datasource.SqlParameters}.
 */
package dev.lookout.datasource;
