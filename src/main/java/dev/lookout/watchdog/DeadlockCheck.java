package dev.lookout.watchdog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Watches for deadlocked threads, which nothing inside the process can free: liveness DOWN at once. */
final class DeadlockCheck implements Check {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	@Override
	public String name() {
		return "deadlock";
	}

	@Override
	public Optional<String> wedged(Instant now) {
		long[] ids = this.threads.findDeadlockedThreads();
		if (ids == null) {
			return Optional.empty();
		}
		String names = Arrays.stream(this.threads.getThreadInfo(ids))
			.filter(Objects::nonNull)
			.map(ThreadInfo::getThreadName)
			.collect(Collectors.joining(", "));
		return Optional.of("threads deadlocked: " + names + "; no restart inside the process can free them");
	}

	@Override
	public Escalation.Policy policy() {
		return Escalation.Policy.giveUpAtOnce();
	}

}
