package dev.lookout.security.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Slows password guessing: too many failed sign-ins within a window lock the user name, and
 * separately the client address, for a while that doubles with each lock up to a cap. A lock
 * is checked before the directory is asked, so a locked name cannot be tried even with the
 * right password. Hand-written because Spring Security has no login throttling.
 * <p>
 * A success clears the user name's record but not the address's: otherwise one valid account
 * would let a client reset its own address limit between guesses at other accounts. Behind a
 * reverse proxy the address is the client's only when the proxy is trusted ({@code TRUSTED_PROXIES},
 * resolved once for the request by the web module's client-address filter).
 */
final class LoginThrottle implements SignInThrottle {

	/**
	 * @param maxFailures failures within {@code window} that start a lock
	 * @param firstLock the first lock's length; each further one doubles, up to {@code maxLock}
	 */
	record Policy(int maxFailures, Duration window, Duration firstLock, Duration maxLock) {
	}

	static final Policy PER_USER = new Policy(5, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(15));

	/** Looser: an office behind one NAT address shares it. */
	static final Policy PER_ADDRESS = new Policy(20, Duration.ofMinutes(5), Duration.ofMinutes(1),
			Duration.ofMinutes(15));

	/** A record quiet this long is forgotten, and with it how often it was locked. */
	static final Duration FORGET_AFTER = Duration.ofHours(24);

	/** Past this many records, spent ones are swept out, at most once per {@link #SWEEP_EVERY}. */
	private static final int SWEEP_ABOVE = 10_000;

	/** Bounds the sweeping work when many clients fail at once. */
	private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(LoginThrottle.class);

	private final Clock clock;

	private final Map<String, Record> users = new HashMap<>();

	private final Map<String, Record> addresses = new HashMap<>();

	private Instant lastSweep = Instant.MIN;

	LoginThrottle(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized void check(String username, String address) {
		Instant now = this.clock.instant();
		Optional<Duration> user = remaining(this.users.get(userKey(username)), now);
		Optional<Duration> client = remaining(this.addresses.get(address), now);
		if (user.isPresent() || client.isPresent()) {
			Duration wait = max(user.orElse(Duration.ZERO), client.orElse(Duration.ZERO));
			throw new LoginThrottled(user.isPresent() ? "for this user" : "from this address", wait);
		}
	}

	@Override
	public synchronized void failed(String username, String address) {
		Instant now = this.clock.instant();
		boolean crowded = this.users.size() + this.addresses.size() > SWEEP_ABOVE;
		if (crowded && !now.isBefore(this.lastSweep.plus(SWEEP_EVERY))) {
			this.lastSweep = now;
			this.users.values().removeIf((record) -> record.isSpent(now, PER_USER));
			this.addresses.values().removeIf((record) -> record.isSpent(now, PER_ADDRESS));
		}
		Optional<Duration> user = this.users.computeIfAbsent(userKey(username), (key) -> new Record())
			.failed(now, PER_USER);
		Optional<Duration> client = this.addresses.computeIfAbsent(address, (key) -> new Record())
			.failed(now, PER_ADDRESS);
		// The name is whatever the client typed: no control characters into the log.
		String shown = userKey(username).replaceAll("\\p{Cntrl}", "?");
		user.ifPresent((lock) -> logger.warn("Sign-in locked for user " + shown + " for " + lock.toSeconds() + " s"));
		client.ifPresent(
				(lock) -> logger.warn("Sign-in locked for address " + address + " for " + lock.toSeconds() + " s"));
	}

	@Override
	public synchronized void succeeded(String username) {
		this.users.remove(userKey(username));
	}

	private static Optional<Duration> remaining(Record record, Instant now) {
		if (record == null || !record.lockedUntil.isAfter(now)) {
			return Optional.empty();
		}
		return Optional.of(Duration.between(now, record.lockedUntil));
	}

	/** Directories match user names without regard to case or surrounding blanks. */
	static String userKey(String username) {
		return (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** The recent failures of one user name or address. */
	private static final class Record {

		private final Deque<Instant> failures = new ArrayDeque<>();

		private int locks;

		private Instant lockedUntil = Instant.MIN;

		private Instant lastFailure = Instant.MIN;

		Optional<Duration> failed(Instant now, Policy policy) {
			if (isForgotten(now)) {
				this.locks = 0;
			}
			this.lastFailure = now;
			while (!this.failures.isEmpty() && !this.failures.peekFirst().isAfter(now.minus(policy.window()))) {
				this.failures.removeFirst();
			}
			this.failures.addLast(now);
			if (this.failures.size() < policy.maxFailures()) {
				return Optional.empty();
			}
			this.failures.clear();
			Duration lock = policy.firstLock().multipliedBy(1L << Math.min(this.locks, 20));
			lock = (lock.compareTo(policy.maxLock()) > 0) ? policy.maxLock() : lock;
			this.locks++;
			this.lockedUntil = now.plus(lock);
			return Optional.of(lock);
		}

		boolean isForgotten(Instant now) {
			return this.lastFailure.isBefore(now.minus(FORGET_AFTER)) && !this.lockedUntil.isAfter(now);
		}

		/** Holds nothing that still counts: no lock, no failure in the window, no lock history to remember. */
		boolean isSpent(Instant now, Policy policy) {
			return !this.lockedUntil.isAfter(now)
					&& this.lastFailure.isBefore(now.minus((this.locks == 0) ? policy.window() : FORGET_AFTER));
		}

	}

}
