package dev.lookout.lifecycle;

import java.time.Duration;

/**
 * What one shutdown hook did.
 *
 * @param name the hook's name
 * @param order the hook's order (lower ran first)
 * @param status how it ended
 * @param duration how long it ran, by the registry's clock; zero when skipped
 * @param detail why it did not end {@link HookStatus#OK OK}, empty when it did
 */
public record HookOutcome(String name, int order, HookStatus status, Duration duration, String detail) {

}
