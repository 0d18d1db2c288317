package dev.lookout.dashboards;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import dev.lookout.redis.SharedRedis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The definitions shared through Redis: a notice on {@value #CHANNEL} per new version, and the
 * latest snapshot in the hash {@value #KEY} ({@code version}, {@code body}), replaced only by a
 * newer version, so that instances writing at once never put an older one back.
 */
final class RedisDefinitionsShare implements DefinitionsShare {

	static final String CHANNEL = "lookout:definitions";

	static final String KEY = "lookout:definitions:snapshot";

	private static final Log logger = LogFactory.getLog(RedisDefinitionsShare.class);

	/** Compare and set in one step: HSET only when the kept version is older, or none is kept. */
	private static final String STORE_IF_NEWER = """
			local kept = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
			if kept < tonumber(ARGV[1]) then
			  redis.call('HSET', KEYS[1], 'version', ARGV[1], 'body', ARGV[2])
			  return 1
			end
			return 0
			""";

	private static final byte[][] KEYS = { KEY.getBytes(StandardCharsets.US_ASCII) };

	/** Its own mapper: the stored form must not change with the web's JSON settings. */
	private static final JsonMapper json = JsonMapper.builder().build();

	private final SharedRedis redis;

	private final Duration timeout;

	RedisDefinitionsShare(SharedRedis redis, Duration timeout) {
		this.redis = redis;
		this.timeout = timeout;
	}

	@Override
	public void announce(long version) {
		this.redis.publish(CHANNEL, ascii(version));
	}

	@Override
	public void listen(LongConsumer versions) {
		this.redis.subscribe(CHANNEL, (message) -> {
			try {
				versions.accept(Long.parseLong(new String(message, StandardCharsets.US_ASCII)));
			}
			catch (NumberFormatException ex) {
				logger.warn("Ignored a definitions notice that is not a version");
			}
		});
	}

	@Override
	public boolean store(DefinitionsSnapshot.Stored snapshot) {
		Optional<RedisAsyncCommands<byte[], byte[]>> commands = this.redis.commands();
		if (commands.isEmpty()) {
			return false;
		}
		try {
			commands.get()
				.<Long>eval(STORE_IF_NEWER, ScriptOutputType.INTEGER, KEYS, ascii(snapshot.version()),
						json.writeValueAsBytes(snapshot))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			interrupted(ex);
			logger.debug("Could not keep the definitions snapshot in Redis", ex);
			return false;
		}
	}

	@Override
	public Optional<DefinitionsSnapshot.Stored> latest() {
		Optional<RedisAsyncCommands<byte[], byte[]>> commands = this.redis.commands();
		if (commands.isEmpty()) {
			return Optional.empty();
		}
		try {
			byte[] body = commands.get()
				.hget(KEYS[0], "body".getBytes(StandardCharsets.US_ASCII))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return Optional.ofNullable(body).map((bytes) -> json.readValue(bytes, DefinitionsSnapshot.Stored.class));
		}
		catch (Exception ex) {
			interrupted(ex);
			logger.warn("Could not read the definitions snapshot from Redis: " + ex.getMessage());
			return Optional.empty();
		}
	}

	@Override
	public String describe() {
		return "redis " + this.redis.location();
	}

	private static byte[] ascii(long version) {
		return Long.toString(version).getBytes(StandardCharsets.US_ASCII);
	}

	private static void interrupted(Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
	}

}
