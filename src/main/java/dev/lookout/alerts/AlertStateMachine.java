package dev.lookout.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One step of a rule's state machine for one result's {@link Outcome}, at the injected clock's
 * time. Pure: no threads, no I/O.
 * <ul>
 * <li>OK (or NO_DATA, ERROR) → PENDING when the condition holds; → FIRING at once when
 * {@code forSeconds} is 0.</li>
 * <li>PENDING → FIRING once the condition has held for {@code forSeconds} since PENDING was
 * entered; PENDING → OK as soon as it stops holding.</li>
 * <li>FIRING → OK only after the condition has not held for {@code resolveAfterSeconds}
 * (the anti-flap rule): a value that comes back meanwhile keeps it FIRING without a new
 * transition, so a flapping value pages once.</li>
 * <li>Any state → NO_DATA or ERROR when the outcome says so (the rule's onNoData and onError
 * decide); out of them by the condition as from OK.</li>
 * </ul>
 */
final class AlertStateMachine {

	private final Clock clock;

	AlertStateMachine(Clock clock) {
		this.clock = clock;
	}

	/**
	 * @param next where the rule stands now
	 * @param transition whether {@code next} entered another state (to be stored and announced)
	 * @param changed whether anything of {@code next} differs from before (to be stored)
	 */
	record Step(Standing before, Standing next, boolean transition, boolean changed, Instant at) {

	}

	Step step(AlertRule rule, Standing current, Outcome outcome) {
		Instant now = this.clock.instant();
		AlertState state = current.state();
		switch (outcome.kind()) {
			case NO_DATA:
				return to(current, AlertState.NO_DATA, outcome, now);
			case ERROR:
				return to(current, AlertState.ERROR, outcome, now);
			case HOLDS:
				if (state == AlertState.FIRING) {
					return same(current, new Standing(state, current.since(), null, current.value()), now);
				}
				if (state == AlertState.PENDING) {
					boolean heldLongEnough = !Duration.between(current.since(), now)
						.minusSeconds(rule.forSeconds())
						.isNegative();
					return heldLongEnough ? to(current, AlertState.FIRING, outcome, now) : same(current, current, now);
				}
				return to(current, (rule.forSeconds() == 0) ? AlertState.FIRING : AlertState.PENDING, outcome, now);
			case CLEAR:
			default:
				if (state == AlertState.FIRING) {
					Instant clearSince = (current.clearSince() != null) ? current.clearSince() : now;
					if (!Duration.between(clearSince, now).minusSeconds(rule.resolveAfterSeconds()).isNegative()) {
						return to(current, AlertState.OK, outcome, now);
					}
					return same(current, new Standing(state, current.since(), clearSince, current.value()), now);
				}
				return (state == AlertState.OK) ? same(current, current, now) : to(current, AlertState.OK, outcome, now);
		}
	}

	private static Step to(Standing current, AlertState state, Outcome outcome, Instant now) {
		if (current.state() == state) {
			return same(current, current, now);
		}
		return new Step(current, new Standing(state, now, null, outcome.value()), true, true, now);
	}

	private static Step same(Standing current, Standing next, Instant now) {
		return new Step(current, next, false, !next.equals(current), now);
	}

}
