/**
 * Alerts: rules on panel results (a value against a threshold, the row count, any row, staleness,
 * a failing query) evaluated when a panel's view is refreshed, by the instance that refreshed it,
 * with no query of their own; their states and transitions; their API and page. Announces each
 * stored transition with {@link dev.lookout.alerts.AlertTransitioned}. Rules the application
 * declares (the demo's) are created through {@link dev.lookout.alerts.AlertProvisioning}; in
 * development the page also lists a webhook receiver's deliveries, read through
 * {@link dev.lookout.alerts.ReceivedWebhooks}, which the notifications module implements.
 */
package dev.lookout.alerts;
