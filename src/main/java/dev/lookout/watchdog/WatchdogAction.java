package dev.lookout.watchdog;

import java.time.Instant;

/**
 * One thing the watchdog did.
 *
 * @param at when
 * @param check what it checked ({@code cache-updater}, {@code request-pool}, {@code redis},
 * {@code deadlock}, {@code reload})
 * @param action what it did ({@code restart}, {@code evict}, {@code reconnect}, {@code reload},
 * {@code liveness-down})
 * @param succeeded whether the action itself worked (not whether it cured the fault: later checks tell)
 * @param detail why, and what came of it
 */
public record WatchdogAction(Instant at, String check, String action, boolean succeeded, String detail) {

}
