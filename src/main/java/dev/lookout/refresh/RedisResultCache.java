package dev.lookout.refresh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import io.lettuce.core.SetArgs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The result cache shared through Redis, with an in-process copy in front of it. Once this
 * process holds a panel's result, reads answer from the copy and never wait on Redis: at most
 * once per {@link #REVALIDATE_AFTER} one read asks Redis, in the background, whether another
 * instance stored a newer version. Writes go to the copy, then to Redis without waiting. So a
 * slow or unreachable Redis neither slows the updater nor takes results away from viewers;
 * only a panel this process holds nothing for waits for Redis, at most the command timeout.
 * Every command goes through the {@code redis} breaker: once it opens, nothing waits for Redis
 * at all, writes are skipped (the next refresh writes again), and the copy serves alone.
 */
final class RedisResultCache implements ResultCache {

	static final String KEY_PREFIX = "lookout:result:";

	/**
	 * Bounds the time a result stored by another instance takes to reach this one's viewers,
	 * and the reads this instance makes: one per panel per period, whatever the viewers.
	 */
	static final Duration REVALIDATE_AFTER = Duration.ofSeconds(1);

	/**
	 * Every live panel is written again on each refresh, failed or not; this only lets entries of
	 * panels removed while no instance ran disappear.
	 */
	static final Duration TTL = Duration.ofDays(30);

	/** First byte of a stored value, so that a later layout is told apart rather than misread. */
	private static final byte FORMAT = 1;

	private static final Log logger = LogFactory.getLog(RedisResultCache.class);

	private final RedisCommands redis;

	private final Clock clock;

	private final long revalidateAfterMillis;

	private final Map<Long, Held> held = new ConcurrentHashMap<>();

	RedisResultCache(RedisCommands redis, Clock clock, Duration revalidateAfter) {
		this.redis = redis;
		this.clock = clock;
		this.revalidateAfterMillis = revalidateAfter.toMillis();
	}

	@Override
	public Optional<StoredResult> get(long panelId) {
		Held current = this.held.get(panelId);
		if (current == null) {
			return fetch(panelId);
		}
		long now = this.clock.millis();
		// Of the readers that find the copy due, the one whose replace succeeds asks Redis.
		if (now - current.checkedAt() >= this.revalidateAfterMillis
				&& this.held.replace(panelId, current, new Held(current.result(), now))) {
			revalidate(panelId);
		}
		return Optional.of(current.result());
	}

	@Override
	public Optional<StoredResult> get(long panelId, long atLeastVersion) {
		Held current = this.held.get(panelId);
		if (current != null && current.result().resultVersion() < atLeastVersion) {
			Optional<StoredResult> fetched = fetch(panelId);
			return fetched.isPresent() ? fetched : Optional.of(current.result());
		}
		return get(panelId);
	}

	@Override
	public void put(long panelId, StoredResult result) {
		this.held.put(panelId, new Held(result, this.clock.millis()));
		this.redis.send((commands) -> commands.set(key(panelId), encode(result), SetArgs.Builder.ex(TTL)))
			.whenComplete((reply, failure) -> {
				if (failure != null && logger.isDebugEnabled()) {
					logger.debug("Result of panel " + panelId + " not written to Redis: " + failure);
				}
			});
	}

	@Override
	public void remove(long panelId) {
		this.held.remove(panelId);
		this.redis.send((commands) -> commands.del(key(panelId)));
	}

	private Optional<StoredResult> fetch(long panelId) {
		try {
			byte[] value = this.redis.send((commands) -> commands.get(key(panelId))).toCompletableFuture().get();
			StoredResult found = decode(panelId, value);
			if (found == null) {
				return Optional.empty();
			}
			long now = this.clock.millis();
			return Optional.of(this.held.merge(panelId, new Held(found, now), RedisResultCache::newer).result());
		}
		catch (ExecutionException | CancellationException ex) {
			// Down, timed out, breaker open or closing: nothing held, so nothing to serve.
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/** Adopts what Redis has when it is newer; a failure keeps the copy as it is. */
	private void revalidate(long panelId) {
		this.redis.send((commands) -> commands.get(key(panelId))).thenAccept((value) -> {
			StoredResult found = decode(panelId, value);
			if (found != null) {
				this.held.computeIfPresent(panelId, (id, current) -> newer(current, new Held(found, current.checkedAt())));
			}
		});
	}

	private static Held newer(Held current, Held candidate) {
		return (candidate.result().resultVersion() > current.result().resultVersion()) ? candidate : current;
	}

	static byte[] key(long panelId) {
		return (KEY_PREFIX + panelId).getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] encode(StoredResult result) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(result.body().length + 64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeLong(result.panelId());
			out.writeLong(result.resultVersion());
			out.writeBoolean(result.asOf() != null);
			if (result.asOf() != null) {
				out.writeLong(result.asOf().getEpochSecond());
				out.writeInt(result.asOf().getNano());
			}
			out.writeBoolean(result.stale());
			out.writeUTF((result.staleReason() != null) ? result.staleReason() : "");
			out.writeInt(result.body().length);
			out.write(result.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** The result stored for {@code panelId}, or {@code null} when there is none or it is not readable. */
	static StoredResult decode(long panelId, byte[] value) {
		if (value == null) {
			return null;
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			if (in.readByte() != FORMAT || in.readLong() != panelId) {
				return null;
			}
			long resultVersion = in.readLong();
			Instant asOf = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
			boolean stale = in.readBoolean();
			String staleReason = in.readUTF();
			int length = in.readInt();
			if (length < 0 || length > value.length) {
				return null;
			}
			byte[] body = new byte[length];
			in.readFully(body);
			return new StoredResult(panelId, resultVersion, asOf, stale, staleReason.isEmpty() ? null : staleReason,
					body);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Unreadable result of panel " + panelId + " in Redis; treated as absent", ex);
			return null;
		}
	}

	/** A result and when this process last compared it with Redis. */
	private record Held(StoredResult result, long checkedAt) {

	}

}
