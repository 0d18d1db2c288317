package dev.lookout.security.signin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.lookout.redis.SharedRedis;
import dev.lookout.security.signin.LoginThrottle.Policy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The sign-in limits of {@link LoginThrottle}, kept in Redis so that every instance counts the
 * same failures: behind a load balancer, N instances must not give a guesser N times the
 * attempts. Each subject (a user name, an address) is a hash (lock count, lock end, last failure)
 * and a sorted set of its failures within the window, changed in one script so that concurrent
 * failures on several instances cannot lose a count. Times come from the injected clock, as in
 * memory: instances are expected to keep their clocks in step (NTP), as the refresh leases do.
 * <p>
 * Fails open: while Redis cannot be reached (not connected, a command failing or timing out, the
 * {@code redis} breaker open) the instance's own in-memory throttle decides, and every failure is
 * counted there too, so that an outage never locks everybody out nor leaves guessing unlimited:
 * at worst each instance limits on its own, as without Redis. Counts made in memory during an
 * outage are not carried to Redis afterwards.
 */
final class SharedLoginThrottle implements SignInThrottle {

	static final String KEY_PREFIX = "lookout:signin:";

	/** Counts one failure for each subject: KEYS are (hash, failures) per subject; ARGV now, forget, then each policy. */
	private static final String FAILED = """
			local now = tonumber(ARGV[1])
			local forget = tonumber(ARGV[2])
			local answers = {}
			for i = 0, (#KEYS / 2) - 1 do
			  local state, failures = KEYS[2 * i + 1], KEYS[2 * i + 2]
			  local max = tonumber(ARGV[3 + 4 * i])
			  local window = tonumber(ARGV[4 + 4 * i])
			  local first = tonumber(ARGV[5 + 4 * i])
			  local cap = tonumber(ARGV[6 + 4 * i])
			  local locks = tonumber(redis.call('HGET', state, 'locks') or '0')
			  local lockedUntil = tonumber(redis.call('HGET', state, 'lockedUntil') or '0')
			  local last = tonumber(redis.call('HGET', state, 'last') or '0')
			  if last < now - forget and lockedUntil <= now then locks = 0 end
			  local seq = redis.call('HINCRBY', state, 'seq', 1)
			  redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - window)
			  redis.call('ZADD', failures, now, now .. '-' .. seq)
			  local lock = 0
			  if redis.call('ZCARD', failures) >= max then
			    redis.call('DEL', failures)
			    lock = math.min(first * math.pow(2, math.min(locks, 20)), cap)
			    locks = locks + 1
			    lockedUntil = now + lock
			  else
			    redis.call('PEXPIRE', failures, window)
			  end
			  redis.call('HSET', state, 'locks', locks, 'lockedUntil', lockedUntil, 'last', now)
			  redis.call('PEXPIRE', state, forget + cap)
			  answers[i + 1] = lock
			end
			return answers
			""";

	/** When each subject's lock ends (epoch milliseconds; 0 for none). */
	private static final String LOCKED_UNTIL = """
			local answers = {}
			for i = 1, #KEYS do
			  answers[i] = tonumber(redis.call('HGET', KEYS[i], 'lockedUntil') or '0')
			end
			return answers
			""";

	/** Lettuce fails a command after REDIS_COMMAND_TIMEOUT; this only bounds the wait should it not. */
	private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(SharedLoginThrottle.class);

	private final SharedRedis redis;

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final LoginThrottle local;

	/** Whether the last command failed: the fallback is logged when it starts and when it ends. */
	private volatile boolean unavailable;

	SharedLoginThrottle(SharedRedis redis, CircuitBreaker breaker, Clock clock) {
		this.redis = redis;
		this.breaker = breaker;
		this.clock = clock;
		this.local = new LoginThrottle(clock);
	}

	@Override
	public void check(String username, String address) {
		long now = this.clock.millis();
		List<Object> until = run(LOCKED_UNTIL, keys(username, address, false), new byte[0][]);
		if (until == null) {
			this.local.check(username, address);
			return;
		}
		long user = millis(until.get(0)) - now;
		long client = millis(until.get(1)) - now;
		if (user > 0 || client > 0) {
			throw new LoginThrottled((user > 0) ? "for this user" : "from this address",
					Duration.ofMillis(Math.max(user, client)));
		}
	}

	@Override
	public void failed(String username, String address) {
		// Counted in memory as well: if Redis goes away, the fallback already knows the recent failures.
		this.local.failed(username, address);
		byte[][] args = new byte[][] { bytes(this.clock.millis()), bytes(LoginThrottle.FORGET_AFTER.toMillis()),
				bytes(LoginThrottle.PER_USER.maxFailures()), bytes(LoginThrottle.PER_USER.window().toMillis()),
				bytes(LoginThrottle.PER_USER.firstLock().toMillis()), bytes(LoginThrottle.PER_USER.maxLock().toMillis()),
				bytes(LoginThrottle.PER_ADDRESS.maxFailures()), bytes(LoginThrottle.PER_ADDRESS.window().toMillis()),
				bytes(LoginThrottle.PER_ADDRESS.firstLock().toMillis()),
				bytes(LoginThrottle.PER_ADDRESS.maxLock().toMillis()) };
		List<Object> locks = run(FAILED, keys(username, address, true), args);
		if (locks == null) {
			return;
		}
		if (millis(locks.get(0)) > 0) {
			String shown = LoginThrottle.userKey(username).replaceAll("\\p{Cntrl}", "?");
			logger.warn("Sign-in locked for user " + shown + " for " + millis(locks.get(0)) / 1000 + " s (all instances)");
		}
		if (millis(locks.get(1)) > 0) {
			logger.warn("Sign-in locked for address " + address + " for " + millis(locks.get(1)) / 1000
					+ " s (all instances)");
		}
	}

	@Override
	public void succeeded(String username) {
		this.local.succeeded(username);
		String user = KEY_PREFIX + "user:" + LoginThrottle.userKey(username);
		byte[][] keys = { utf8(user), utf8(user + ":failures") };
		call(() -> this.redis.commands()
			.map((commands) -> commands.del(keys).toCompletableFuture())
			.orElseGet(() -> CompletableFuture.failedFuture(new RedisConnectionException("Not connected to Redis"))));
	}

	/** The keys of the user name and the address; with their failure sets when {@code withFailures}. */
	private static byte[][] keys(String username, String address, boolean withFailures) {
		String user = KEY_PREFIX + "user:" + LoginThrottle.userKey(username);
		String client = KEY_PREFIX + "address:" + address;
		return withFailures ? new byte[][] { utf8(user), utf8(user + ":failures"), utf8(client), utf8(client + ":failures") }
				: new byte[][] { utf8(user), utf8(client) };
	}

	/** The script's answer, or null while Redis cannot answer (then the caller falls back to memory). */
	private List<Object> run(String script, byte[][] keys, byte[][] args) {
		return call(() -> this.redis.commands()
			.map((commands) -> commands.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args)
				.toCompletableFuture())
			.orElseGet(() -> CompletableFuture.failedFuture(new RedisConnectionException("Not connected to Redis"))));
	}

	private <T> T call(Supplier<CompletableFuture<T>> command) {
		T answer;
		try {
			answer = this.breaker.executeCompletionStage(command::get)
				.toCompletableFuture()
				.get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			if (!this.unavailable) {
				this.unavailable = true;
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				logger.warn("Sign-in limits cannot be kept in Redis at " + this.redis.location() + " (" + cause
						+ "): until it answers, each instance limits sign-ins on its own");
			}
			return null;
		}
		if (this.unavailable) {
			this.unavailable = false;
			logger.info("Sign-in limits are kept in Redis at " + this.redis.location() + " again");
		}
		return answer;
	}

	private static long millis(Object answer) {
		return (answer instanceof Long number) ? number : 0;
	}

	private static byte[] bytes(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
