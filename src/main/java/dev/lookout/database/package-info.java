/**
 * The application database: where it is ({@code DATABASE_URL} or the embedded H2 file), the
 * bounded request pool that serves it and its guard, the Flyway migrations that shape it (run
 * once it answers), and whether a change can be saved now.
 */
package dev.lookout.database;
