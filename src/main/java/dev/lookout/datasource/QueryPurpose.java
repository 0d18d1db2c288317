package dev.lookout.datasource;

/**
 * Why a query runs. Scheduled refreshes share a source's pool minus the connections kept for
 * previews, so an editor's preview never waits behind the updater.
 */
public enum QueryPurpose {

	REFRESH, PREVIEW

}
