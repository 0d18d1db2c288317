package dev.lookout.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import io.lettuce.core.RedisURI;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Wires the shared Redis client and its probe, only when {@code REDIS_URL} is set; parses the URL. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisSettings.class)
class RedisConfiguration {

	/** The environment variable the URL comes from, named in every message. */
	static final String VARIABLE = "REDIS_URL";

	private static final String ACCEPTED = "accepted forms: redis://[[user]:password@]host[:port][/database], or"
			+ " rediss://... for TLS (percent-encode reserved characters such as @ : / ? # % in the password)";

	/** A managed resource: closed in its turn, after the modules that publish or read through it; made anew on a reload. */
	@Bean(destroyMethod = "")
	@Conditional(RedisUrlIsSet.class)
	SharedRedis sharedRedis(RedisSettings settings, ManagedResources resources) {
		SharedRedis redis = new SharedRedis(parse(settings.url()), settings.connectTimeout(),
				settings.commandTimeout());
		resources.register("redis", ShutdownOrder.REDIS, redis::close).startWith(redis::connect);
		redis.connect();
		return redis;
	}

	/** For the watchdog: whether the server answers while the shared client does not. */
	@Bean
	@Conditional(RedisUrlIsSet.class)
	RedisProbe redisProbe(SharedRedis sharedRedis) {
		return new RedisProbe(sharedRedis.uri());
	}

	/**
	 * The Redis server a {@code REDIS_URL} names.
	 * @throws IllegalArgumentException naming {@value #VARIABLE}, the problem and the accepted
	 * forms, but never the URL, which may carry a password
	 */
	static RedisURI parse(String url) {
		String trimmed = url.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
			throw invalid("is not a redis:// or rediss:// URL");
		}
		// Exceptions are not chained: the parsers' messages may quote the URL, password included.
		URI parsed;
		try {
			parsed = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw invalid("cannot be parsed");
		}
		// Lettuce would guess a host out of an authority that is not host[:port]; refuse it instead.
		if (parsed.getHost() == null) {
			throw invalid("names no host, or its password has an unencoded reserved character");
		}
		RedisURI uri;
		try {
			uri = RedisURI.create(parsed);
		}
		catch (RuntimeException ex) {
			throw invalid("cannot be parsed");
		}
		if (uri.getPort() < 1 || uri.getPort() > 65535) {
			throw invalid("has a port that is not a number from 1 to 65535");
		}
		return uri;
	}

	private static IllegalArgumentException invalid(String problem) {
		return new IllegalArgumentException(VARIABLE + " " + problem + "; " + ACCEPTED);
	}

}
