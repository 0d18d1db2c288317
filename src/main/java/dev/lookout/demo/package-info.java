/**
 * The development demo: an in-memory H2 database that a simulator keeps writing to (orders,
 * service latency, support tickets) and two dashboards over it. Exists only in development.
 */
package dev.lookout.demo;
