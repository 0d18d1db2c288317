package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.lookout.dashboards.PanelSpec;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Panel leases in Redis: for each panel {@code SET lookout:lease:<panel> <instance> NX PX <interval>},
 * all of a round's panels in one Lua script, so one round trip whatever their number. When Redis
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
	public CompletionStage<Map<Long, Instant>> claim(List<PanelSpec> panels, Instant now) {
		if (panels.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		byte[][] keys = new byte[panels.size()][];
		byte[][] args = new byte[panels.size() + 1][];
		args[0] = this.holder;
		for (int i = 0; i < panels.size(); i++) {
			keys[i] = (KEY_PREFIX + panels.get(i).id()).getBytes(StandardCharsets.US_ASCII);
			args[i + 1] = Long.toString(panels.get(i).refreshInterval().toMillis()).getBytes(StandardCharsets.US_ASCII);
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
			return heldElsewhere(panels, answers, now);
		});
	}

	private static Map<Long, Instant> heldElsewhere(List<PanelSpec> panels, List<Object> answers, Instant now) {
		Map<Long, Instant> held = new HashMap<>();
		for (int i = 0; i < panels.size(); i++) {
			long left = (answers.get(i) instanceof Long number) ? number : 0;
			if (left != TAKEN) {
				// Somehow without expiry (-1): try again next round.
				held.put(panels.get(i).id(), (left > 0) ? now.plusMillis(left) : now);
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
