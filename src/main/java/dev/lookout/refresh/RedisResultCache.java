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
 * only a view this process holds nothing for waits for Redis, at most the command timeout.
 * Every command goes through the {@code redis} breaker: once it opens, nothing waits for Redis
 * at all, writes are skipped (the next refresh writes again), and the copy serves alone.
 */
final class RedisResultCache implements ResultCache {

	static final String KEY_PREFIX = "lookout:result:";

	/**
	 * Bounds the time a result stored by another instance takes to reach this one's viewers,
	 * and the reads this instance makes: one per view per period, whatever the viewers.
	 */
	static final Duration REVALIDATE_AFTER = Duration.ofSeconds(1);

	/**
	 * Every live panel is written again on each refresh, failed or not; this only lets entries of
	 * panels removed while no instance ran disappear.
	 */
	static final Duration TTL = Duration.ofDays(30);

	/**
	 * A view with chosen values lives while watched; its entry stays this long after the last
	 * refresh, for a viewer who comes back to it on any instance.
	 */
	static final Duration VIEW_TTL = Duration.ofHours(1);

	/** First byte of a stored value, so that a later layout is told apart rather than misread. */
	private static final byte FORMAT = 2;

	private static final Log logger = LogFactory.getLog(RedisResultCache.class);

	private final RedisCommands redis;

	private final Clock clock;

	private final long revalidateAfterMillis;

	private final Map<ViewKey, Held> held = new ConcurrentHashMap<>();

	RedisResultCache(RedisCommands redis, Clock clock, Duration revalidateAfter) {
		this.redis = redis;
		this.clock = clock;
		this.revalidateAfterMillis = revalidateAfter.toMillis();
	}

	@Override
	public Optional<StoredResult> get(ViewKey view) {
		Held current = this.held.get(view);
		if (current == null) {
			return fetch(view);
		}
		long now = this.clock.millis();
		// Of the readers that find the copy due, the one whose replace succeeds asks Redis.
		if (now - current.checkedAt() >= this.revalidateAfterMillis
				&& this.held.replace(view, current, new Held(current.result(), now))) {
			revalidate(view);
		}
		return Optional.of(current.result());
	}

	@Override
	public Optional<StoredResult> get(ViewKey view, long atLeastVersion) {
		Held current = this.held.get(view);
		if (current != null && current.result().resultVersion() < atLeastVersion) {
			Optional<StoredResult> fetched = fetch(view);
			return fetched.isPresent() ? fetched : Optional.of(current.result());
		}
		return get(view);
	}

	@Override
	public void put(ViewKey view, StoredResult result) {
		this.held.put(view, new Held(result, this.clock.millis()));
		this.redis.send((commands) -> commands.set(key(view), encode(result),
				SetArgs.Builder.ex(view.isDefault() ? TTL : VIEW_TTL)))
			.whenComplete((reply, failure) -> {
				if (failure != null && logger.isDebugEnabled()) {
					logger.debug("Result of view " + view + " not written to Redis: " + failure);
				}
			});
	}

	@Override
	public void remove(ViewKey view) {
		this.held.remove(view);
		this.redis.send((commands) -> commands.del(key(view)));
	}

	@Override
	public void release(ViewKey view) {
		this.held.remove(view);
	}

	private Optional<StoredResult> fetch(ViewKey view) {
		try {
			byte[] value = this.redis.send((commands) -> commands.get(key(view))).toCompletableFuture().get();
			StoredResult found = decode(view, value);
			if (found == null) {
				return Optional.empty();
			}
			long now = this.clock.millis();
			return Optional.of(this.held.merge(view, new Held(found, now), RedisResultCache::newer).result());
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
	private void revalidate(ViewKey view) {
		this.redis.send((commands) -> commands.get(key(view))).thenAccept((value) -> {
			StoredResult found = decode(view, value);
			if (found != null) {
				this.held.computeIfPresent(view, (key, current) -> newer(current, new Held(found, current.checkedAt())));
			}
		});
	}

	private static Held newer(Held current, Held candidate) {
		return (candidate.result().resultVersion() > current.result().resultVersion()) ? candidate : current;
	}

	static byte[] key(ViewKey view) {
		return (KEY_PREFIX + view).getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] encode(StoredResult result) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(result.body().length + 64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeUTF(result.view().toString());
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

	/** The result stored for {@code view}, or {@code null} when there is none or it is not readable. */
	static StoredResult decode(ViewKey view, byte[] value) {
		if (value == null) {
			return null;
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			// An older format is read as absent: the next refresh writes the view again.
			if (in.readByte() != FORMAT || !in.readUTF().equals(view.toString())) {
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
			return new StoredResult(view, resultVersion, asOf, stale, staleReason.isEmpty() ? null : staleReason,
					body);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Unreadable result of view " + view + " in Redis; treated as absent", ex);
			return null;
		}
	}

	/** A result and when this process last compared it with Redis. */
	private record Held(StoredResult result, long checkedAt) {

	}

}
