package dev.lookout.security.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretStrengthTest {

	@Test
	void randomKeyOfFullLengthIsStrong() {
		assertThat(SecretStrength.weaknesses("tG7vQ2xLr9WmZ4kPb8NcY1hJd6FsA3eU0oVqRiXnKyTw")).isEmpty();
	}

	@Test
	void shortKeyIsRefusedWithItsLength() {
		assertThat(SecretStrength.weaknesses("tG7vQ2xLr9WmZ4kPb8Nc")).singleElement()
			.asString()
			.contains("20 bytes", "at least 32");
	}

	@ParameterizedTest
	@ValueSource(strings = { SecretStrength.ENV_EXAMPLE_PLACEHOLDER, "changeme-changeme-changeme-changeme-42",
			"please-replace-me-with-a-real-secret-key-now", "this-is-an-example-secret-key-for-lookout-0001" })
	void placeholdersAreRefused(String placeholder) {
		assertThat(SecretStrength.weaknesses(placeholder)).anyMatch((weakness) -> weakness.contains("placeholder"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abcabcabcabcabcabcabcabcabcabcabcabcabc",
			"k3y!k3y!k3y!k3y!k3y!k3y!k3y!k3y!k3y!", "0123456789abcdefghijklmnopqrstuvwxyzABCD",
			"zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQ", "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12" })
	void trivialPatternsAreRefused(String trivial) {
		assertThat(SecretStrength.weaknesses(trivial)).anyMatch((weakness) -> weakness.contains("low diversity"));
	}

	@Test
	void weaknessesNeverRepeatTheSecret() {
		String secret = "abcabcabcabcabcabcabcabcabcabcabcabcabc";
		assertThat(SecretStrength.weaknesses(secret)).noneMatch((weakness) -> weakness.contains("abcabc"));
	}

}
