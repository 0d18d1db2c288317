/**
 * Data sources: the JDBC databases panels query. Owns their definitions (passwords sealed at
 * rest), one bounded pool per source, and query execution: read-only, time- and row-limited,
 * values converted to JSON-safe types.
 */
package dev.lookout.datasource;
