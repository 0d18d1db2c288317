/**
 * Dashboards and their panels: definitions with optimistic locking and an audit trail, the
 * read model every instance holds of them (so views never query the application database, and
 * stay up read-only while it is down), the JSON API, and the pages to list, view and edit them.
 */
package dev.lookout.dashboards;
