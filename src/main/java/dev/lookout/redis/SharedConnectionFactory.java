package dev.lookout.redis;

import java.time.Duration;

import io.lettuce.core.RedisConnectionException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;

/**
 * Hands Spring Data the shared client's connection, so that a library that needs a connection
 * factory (Spring Session) uses the one client instead of making its own. Standalone Redis only.
 */
final class SharedConnectionFactory implements RedisConnectionFactory {

	private final SharedRedis redis;

	private final long timeoutMillis;

	private final int database;

	private final LettuceExceptionConverter exceptions = new LettuceExceptionConverter();

	SharedConnectionFactory(SharedRedis redis, Duration commandTimeout, int database) {
		this.redis = redis;
		this.timeoutMillis = commandTimeout.toMillis();
		this.database = database;
	}

	/**
	 * A Spring Data connection over the shared one (closing it leaves the shared one open);
	 * dedicated connections (transactions, blocking commands) come from the same client.
	 * @throws RedisConnectionFailureException at once while not connected: an outage, not a wait
	 */
	@Override
	public RedisConnection getConnection() {
		SharedRedis.Connected connected = this.redis.connected()
			.orElseThrow(() -> new RedisConnectionFailureException("Redis at " + this.redis.location()
					+ " is not connected", new RedisConnectionException("not connected")));
		return new LettuceConnection(connected.connection(), this.timeoutMillis, connected.client(), this.database);
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		throw new InvalidDataAccessApiUsageException("Lookout connects to a standalone Redis, not a cluster");
	}

	@Override
	public RedisSentinelConnection getSentinelConnection() {
		throw new InvalidDataAccessApiUsageException("Lookout connects to a standalone Redis, not through Sentinel");
	}

	@Override
	public boolean getConvertPipelineAndTxResults() {
		return true;
	}

	@Override
	public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		return this.exceptions.translateExceptionIfPossible(ex);
	}

}
