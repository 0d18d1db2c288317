/**
 * The application database: where it is ({@code DATABASE_URL} or the embedded H2 file), the
 * bounded request pool that serves it, and the Flyway migrations that shape it.
 */
package dev.lookout.database;
