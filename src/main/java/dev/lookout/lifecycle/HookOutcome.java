package dev.lookout.lifecycle;

import java.time.Duration;

/**
 * What one step of a managed resource (its stop, or its start in a reload) did; named a hook in reports.
 *
 * @param name the resource's name
 * @param order the resource's order (lower stops first)
 * @param status how it ended
 * @param duration how long it ran, by the registry's clock; zero when skipped
 * @param detail why it did not end {@link HookStatus#OK OK}, empty when it did
 */
public record HookOutcome(String name, int order, HookStatus status, Duration duration, String detail) {

}
