/**
 * The startup guard: before the application context exists it runs every
 * {@link dev.lookout.system.GuardRule} listed in {@code META-INF/spring.factories} (this module's
 * rules for the mode, the secret key, the metrics token, the CSRF and CSP modes and the directory
 * are here), refuses to start with all their problems at once, then publishes the resolved
 * secrets and the mode's defaults. Internal: nothing outside the guard calls it.
 */
package dev.lookout.security.guard;
