package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * View leases in Redis: for each view {@code SET lookout:lease:<view> <instance> NX PX <interval>},
 * all of a round's views in one Lua script, so one round trip whatever their number. When Redis
 * cannot answer, this instance refreshes the panels itself: during an outage the instances each
 * run the queries (more database load for a while) rather than all serving stale data.
 * <p>
 * The script is sent with {@code EVAL} each time rather than cached with {@code EVALSHA}: it is a
 * few hundred bytes, sent only by rounds with due panels, and needs no {@code NOSCRIPT} fallback
 * after Redis restarts.
 */
final class RedisPanelLeases implements PanelLeases {

	static final String KEY_PREFIX = "lookout:lease:";

	/** What the script answers for a lease it took for this instance. */
	static final long TAKEN = -3;

	/**
	 * KEYS are the leases, ARGV[1] this instance, ARGV[1 + i] the i-th lease's length in ms.
	 * Answers per lease {@link #TAKEN}, or the other holder's remaining ms ({@code PTTL}).
	 */
	static final String CLAIM_SCRIPT = """
			local answers = {}
			for i, key in ipairs(KEYS) do
			  if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[i + 1]) then
			    answers[i] = %d
			  else
			    answers[i] = redis.call('PTTL', key)
			  end
			end
			return answers
			""".formatted(TAKEN);

	private static final byte[] SCRIPT = CLAIM_SCRIPT.getBytes(StandardCharsets.US_ASCII);

	private static final Log logger = LogFactory.getLog(RedisPanelLeases.class);

	private final RedisCommands redis;

	private final byte[] holder;

	/** Logs the start of an outage once, not every round. */
	private volatile boolean unavailable;

	RedisPanelLeases(RedisCommands redis) {
		this.redis = redis;
		this.holder = redis.instanceId().getBytes(StandardCharsets.US_ASCII);
	}

	@Override
	public CompletionStage<Map<ViewKey, Instant>> claim(List<PanelView> views, Instant now) {
		if (views.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		byte[][] keys = new byte[views.size()][];
		byte[][] args = new byte[views.size() + 1][];
		args[0] = this.holder;
		for (int i = 0; i < views.size(); i++) {
			keys[i] = (KEY_PREFIX + views.get(i).key()).getBytes(StandardCharsets.US_ASCII);
			args[i + 1] = Long.toString(views.get(i).spec().refreshInterval().toMillis())
				.getBytes(StandardCharsets.US_ASCII);
		}
		CompletionStage<List<Object>> answered;
		try {
			answered = this.redis.send((commands) -> commands.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, args));
		}
		catch (RuntimeException ex) {
			answered = CompletableFuture.failedFuture(ex);
		}
		return answered.handle((answers, failure) -> {
			if (failure != null) {
				unavailable(failure);
				return Map.of();
			}
			available();
			return heldElsewhere(views, answers, now);
		});
	}

	private static Map<ViewKey, Instant> heldElsewhere(List<PanelView> views, List<Object> answers, Instant now) {
		Map<ViewKey, Instant> held = new HashMap<>();
		for (int i = 0; i < views.size(); i++) {
			long left = (answers.get(i) instanceof Long number) ? number : 0;
			if (left != TAKEN) {
				// Somehow without expiry (-1): try again next round.
				held.put(views.get(i).key(), (left > 0) ? now.plusMillis(left) : now);
			}
		}
		return held;
	}

	private void unavailable(Throwable failure) {
		if (!this.unavailable) {
			this.unavailable = true;
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			logger.warn("Panel leases cannot be taken in Redis (" + cause
					+ "); this instance refreshes every panel itself until Redis answers again");
		}
	}

	private void available() {
		if (this.unavailable) {
			this.unavailable = false;
			logger.info("Panel leases are taken in Redis again");
		}
	}

}
