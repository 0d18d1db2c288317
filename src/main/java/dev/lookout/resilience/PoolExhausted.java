package dev.lookout.resilience;

import java.time.Duration;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * Every connection of a pool, or every place of the bulkhead in front of it, stayed busy for
 * the bounded wait. Lookout's own load, not a failure of the database: breakers ignore it.
 */
public class PoolExhausted extends ApiException {

	/** The shortest hint: a busy moment usually passes within a second. */
	private static final Duration LEAST_RETRY_AFTER = Duration.ofSeconds(1);

	/**
	 * @param detail what stayed busy and for how long, for the client
	 * @param waited the bounded wait that ran out; clients are asked to wait as long before retrying
	 */
	public PoolExhausted(String detail, Duration waited) {
		super(ErrorCode.DB_POOL_EXHAUSTED, detail,
				(waited.compareTo(LEAST_RETRY_AFTER) < 0) ? LEAST_RETRY_AFTER : waited);
	}

}
