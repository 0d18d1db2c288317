package dev.lookout.datasource;

/**
 * Runs SQL against a data source: read-only transaction, the source's statement timeout and
 * row limit. Placeholder of the contract while the module is built; replaced in the same change.
 */
public class Queries {

	/**
	 * @throws QueryFailed the database rejected the SQL
	 * @throws QueryTimedOut the statement timeout cancelled it
	 * @throws DataSourceUnavailable the source cannot be reached or its pool is exhausted
	 * @throws dev.lookout.web.ApiException with {@code NOT_FOUND} when no such source exists
	 */
	public QueryResult run(long dataSourceId, String sql, QueryPurpose purpose) {
		throw new IllegalStateException("contract placeholder");
	}

}
