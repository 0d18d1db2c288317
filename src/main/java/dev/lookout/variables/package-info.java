/**
 * Dashboard variables: their definitions and the one time range of a dashboard, the time
 * expressions that range is written in, and the values a viewer chooses for them, checked and
 * written one canonical way (for cache keys) and bound as JDBC values. Pure: no I/O, and no bean
 * but its settings (the time zone relative times resolve in). It uses only {@code web}, for its
 * error answer.
 */
package dev.lookout.variables;
