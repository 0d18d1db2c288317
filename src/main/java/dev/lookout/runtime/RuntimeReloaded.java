package dev.lookout.runtime;

/**
 * Published when an admin asked for a controlled reload, whatever came of it: for the audit log.
 *
 * @param actor who asked
 * @param via where from: {@code "page"} (the Runtime page's button) or {@code "api"}
 * @param outcome {@code "succeeded"}, {@code "failed"} (a hook failed or overran), or
 * {@code "refused"} (not ready: starting, already shutting down)
 * @param totalMs how long the stop and start took; 0 when refused
 * @param detail why it was refused, or the names of the hooks that failed; empty otherwise
 */
public record RuntimeReloaded(String actor, String via, String outcome, long totalMs, String detail) {
}
