package dev.lookout.refresh;

import dev.lookout.datasource.QueryResult;

/**
 * How the updater runs a panel's SQL: the datasource module's {@code Queries} with the refresh
 * share of the source's pool in the application, scripted answers in the updater's tests.
 */
@FunctionalInterface
interface PanelQuery {

	QueryResult run(long dataSourceId, String sql);

}
