/**
 * The development demo: an in-memory H2 database that a simulator keeps writing to (orders,
 * service latency with a recurring checkout incident, support tickets), two dashboards over it,
 * and an alert rule that fires during the incidents into the development webhook log. Exists only
 * in development.
 */
package dev.lookout.demo;
