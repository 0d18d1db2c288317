package dev.lookout.redis;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether {@code REDIS_URL} is set, for configuration that exists only with Redis. Blank counts
 * as unset: application.yaml hands an unset variable over as an empty string.
 */
public final class RedisUrlIsSet implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty("lookout.redis.url"));
	}

}
