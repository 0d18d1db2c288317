package dev.lookout.datasource;

/**
 * Why a query runs. Scheduled refreshes share a source's pool minus the connection kept for
 * previews, and previews share that one: neither waits behind the other, and an editor's
 * previews cannot starve the dashboards' refreshes.
 */
public enum QueryPurpose {

	REFRESH, PREVIEW

}
