package dev.lookout.refresh;

import java.util.List;
import java.util.Map;

import dev.lookout.datasource.QueryResult;

/**
 * How the updater runs a panel's SQL: the datasource module's {@code Queries} with the refresh
 * share of the source's pool in the application, scripted answers in the updater's tests.
 */
@FunctionalInterface
interface PanelQuery {

	/** @param parameters the JDBC values of the names the SQL uses; empty for fixed SQL */
	QueryResult run(long dataSourceId, String sql, Map<String, List<Object>> parameters);

}
