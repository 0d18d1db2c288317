/**
 * Dashboards and their panels: definitions with optimistic locking and an audit trail, the
 * JSON API, and the pages to list, view and edit them.
 */
package dev.lookout.dashboards;
