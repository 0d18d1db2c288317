package dev.lookout.redis;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@code REDIS_URL} in the forms hosting platforms hand out; refused ones never echo the URL. */
class RedisUrlTest {

	@Test
	void passwordPortAndDatabase() {
		RedisURI uri = RedisConfiguration.parse("redis://:s3cret@redis.internal:6380/2");
		assertThat(uri.getHost()).isEqualTo("redis.internal");
		assertThat(uri.getPort()).isEqualTo(6380);
		assertThat(uri.getDatabase()).isEqualTo(2);
		assertThat(uri.getPassword()).isEqualTo("s3cret".toCharArray());
		assertThat(uri.isSsl()).isFalse();
	}

	@Test
	void userAndDefaultPort() {
		RedisURI uri = RedisConfiguration.parse("redis://app:pw@redis.internal");
		assertThat(uri.getUsername()).isEqualTo("app");
		assertThat(uri.getPort()).isEqualTo(6379);
		assertThat(uri.getDatabase()).isZero();
	}

	@Test
	void redissMeansTls() {
		assertThat(RedisConfiguration.parse("rediss://:pw@redis.internal:6380").isSsl()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://:s3cret@redis.internal", "postgres://u:s3cret@db/x", "s3cret",
			"redis://:s3cret@redis.internal:6379/not-a-number", "redis://:s3cret@[broken", "redis://:s3cret@:6379",
			"redis://:s3cret@redis.internal:70000" })
	void refusedWithTheFormsButNeverTheUrl(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisConfiguration.parse(url))
			.withMessageStartingWith("REDIS_URL ")
			.withMessageContaining("accepted forms: redis://")
			.withMessageNotContaining("s3cret")
			.withNoCause();
	}

}
