package dev.lookout.sessions;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.redis.RedisUrlIsSet;
import dev.lookout.redis.SharedRedis;
import dev.lookout.resilience.Breakers;
import dev.lookout.security.SecuritySettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Sessions in Redis, only when {@code REDIS_URL} is set; otherwise nothing here exists and the
 * servlet container keeps sessions in memory. Spring Session's simple {@link RedisSessionRepository}
 * (one hash per session, expiring by itself; no principal index, no keyspace events to listen to),
 * read from a copy kept true by Redis's key tracking ({@link SessionCopies}) and written only when it
 * changed ({@link QuietSessions}), behind {@link FailSafeSessions}. Boot's session
 * module applies the cookie settings ({@code server.servlet.session.cookie.*}) and registers the filter.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisUrlIsSet.class)
@EnableSpringHttpSession
class SessionsConfiguration {

	/** Keys are {@code lookout:session:sessions:<id>}, beside the other {@code lookout:} keys. */
	static final String KEY_NAMESPACE = "lookout:session";

	/** Between Spring Session's filter (which resolves the session) and Spring Security's (-100). */
	private static final int SIGN_IN_FILTER_ORDER = SessionRepositoryFilter.DEFAULT_ORDER + 10;

	private static final Log logger = LogFactory.getLog(SessionsConfiguration.class);

	/**
	 * Spring Session needs Spring Data's connection factory: {@link SharedRedis#connectionFactory()}
	 * hands it the shared client's connection, no second client. It is no bean, so the context
	 * neither starts nor closes it. {@link FailSafeSessions} stops using it before the shared client
	 * closes and again after it is back (a reload), and uses it only while that client is
	 * connected, so no request waits on connection attempts.
	 */
	@Bean
	FailSafeSessions<?> sessionRepository(SharedRedis redis, Breakers breakers, SecuritySettings settings,
			ManagedResources resources) {
		RedisConnectionFactory connections = redis.connectionFactory();
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setConnectionFactory(connections);
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		// Attribute values are Java-serialized (Spring Session's default); the application's class
		// loader, so that a packaged jar reads its own classes back.
		template.setBeanClassLoader(SessionsConfiguration.class.getClassLoader());
		template.afterPropertiesSet();
		RedisSessionRepository sessions = new RedisSessionRepository(template);
		sessions.setRedisKeyNamespace(KEY_NAMESPACE);
		sessions.setDefaultMaxInactiveInterval(settings.sessionIdleTimeout());
		// Written when the request ends and only what was set (not what was read): with
		// QuietSessions, a request that changes nothing writes nothing.
		sessions.setFlushMode(FlushMode.ON_SAVE);
		sessions.setSaveMode(SaveMode.ON_SET_ATTRIBUTE);
		logger.info("Sessions are kept in Redis at " + redis.location() + " (idle timeout "
				+ settings.sessionIdleTimeout() + ")");
		// Served from a copy while Redis reports every change to it (RedisSessionRepository's key layout).
		SessionCopies copies = new SessionCopies(KEY_NAMESPACE + ":sessions:");
		redis.track(KEY_NAMESPACE + ":sessions:", copies);
		FailSafeSessions<?> failSafe = new FailSafeSessions<>(new QuietSessions<>(sessions, copies), redis,
				breakers.breaker(Breakers.REDIS));
		resources.register("redis-sessions", ShutdownOrder.REDIS_SESSIONS, failSafe::stopping)
			.startWith(failSafe::started);
		return failSafe;
	}

	@Bean
	FilterRegistrationBean<SignInNeedsSessions> signInNeedsSessions(FailSafeSessions<?> sessions) {
		FilterRegistrationBean<SignInNeedsSessions> registration = new FilterRegistrationBean<>(
				new SignInNeedsSessions(sessions));
		registration.setOrder(SIGN_IN_FILTER_ORDER);
		return registration;
	}

}
