/**
 * Alerts: rules on panel results (a value against a threshold, the row count, any row, staleness,
 * a failing query) evaluated when a panel's view is refreshed, by the instance that refreshed it,
 * with no query of their own; their states and transitions; their API and page. Announces each
 * stored transition with {@link dev.lookout.alerts.AlertTransitioned}.
 */
package dev.lookout.alerts;
