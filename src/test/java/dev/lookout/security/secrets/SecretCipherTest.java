package dev.lookout.security.secrets;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SecretCipherTest {

	private static final String KEY = "tG7vQ2xLr9WmZ4kPb8NcY1hJd6FsA3eU0oVqRiXnKyTw";

	private static final String NEXT_KEY = "Hq3Zp8LmV1xR6nTb0WcK5yJf9DsG2uEa7oYiQvNrXkBl";

	private static final String ANOTHER_KEY = "Wd4Rk9TnB2yX7qLv0HsM5cJe8ZpF1gUa3oKiYtNxQwEr";

	private final SecretCipher cipher = new SecretCipher(KEY, Optional.empty());

	@Test
	void sealedValueOpensWithTheSameContext() {
		String sealed = this.cipher.seal("pä55wörd", "datasource:1:password");
		assertThat(sealed).startsWith("v1.").doesNotContain("pä55wörd");
		assertThat(this.cipher.open(sealed, "datasource:1:password")).isEqualTo("pä55wörd");
	}

	@Test
	void sealingTwiceGivesDifferentValues() {
		assertThat(this.cipher.seal("same", "ctx")).isNotEqualTo(this.cipher.seal("same", "ctx"));
	}

	@Test
	void alteredCiphertextIsRefused() {
		String sealed = this.cipher.seal("secret", "ctx");
		String[] parts = sealed.split("\\.");
		byte[] payload = Base64.getUrlDecoder().decode(parts[2]);
		payload[payload.length - 1] ^= 0x01;
		String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
		assertThatExceptionOfType(SecretNotOpened.class).isThrownBy(() -> this.cipher.open(tampered, "ctx"))
			.withMessageContaining("altered");
	}

	@Test
	void valueCopiedToAnotherRecordIsRefused() {
		String sealed = this.cipher.seal("secret", "datasource:1:password");
		assertThatExceptionOfType(SecretNotOpened.class)
			.isThrownBy(() -> this.cipher.open(sealed, "datasource:2:password"));
	}

	@Test
	void afterRotationOldValuesOpenWithThePreviousKeyAndAskToBeResealed() {
		String sealedBefore = this.cipher.seal("secret", "ctx");
		SecretCipher rotated = new SecretCipher(NEXT_KEY, Optional.of(KEY));
		assertThat(rotated.open(sealedBefore, "ctx")).isEqualTo("secret");
		assertThat(rotated.needsResealing(sealedBefore)).isTrue();
		String resealed = rotated.seal("secret", "ctx");
		assertThat(rotated.needsResealing(resealed)).isFalse();
		assertThat(rotated.open(resealed, "ctx")).isEqualTo("secret");
	}

	@Test
	void unknownKeyIsNamedInTheRefusal() {
		String sealed = new SecretCipher(NEXT_KEY, Optional.empty()).seal("secret", "ctx");
		assertThatExceptionOfType(SecretNotOpened.class).isThrownBy(() -> this.cipher.open(sealed, "ctx"))
			.withMessageContaining("neither SECRET_KEY nor SECRET_KEY_PREVIOUS");
	}

	@Test
	void malformedValuesAreRefusedWithoutLeakingThem() {
		assertThatExceptionOfType(SecretNotOpened.class).isThrownBy(() -> this.cipher.open("plain-password", "ctx"))
			.withMessageNotContaining("plain-password");
		String keyId = this.cipher.seal("x", "ctx").split("\\.")[1];
		assertThatExceptionOfType(SecretNotOpened.class)
			.isThrownBy(() -> this.cipher.open("v1." + keyId + ".!!!", "ctx"));
		assertThatExceptionOfType(SecretNotOpened.class)
			.isThrownBy(() -> this.cipher.open("v1." + keyId + ".AAAA", "ctx"));
	}


	@Test
	void sealedWithNamesTheKeyFromTheValueAlone() {
		String underOld = this.cipher.seal("secret", "ctx");
		SecretCipher rotated = new SecretCipher(NEXT_KEY, Optional.of(KEY));
		String underNew = rotated.seal("secret", "ctx");
		String underAnother = new SecretCipher(ANOTHER_KEY, Optional.empty()).seal("secret", "ctx");

		assertThat(rotated.sealedWith(underNew)).isEqualTo(SecretCipher.SealedWith.CURRENT_KEY);
		assertThat(rotated.sealedWith(underOld)).isEqualTo(SecretCipher.SealedWith.PREVIOUS_KEY);
		assertThat(rotated.sealedWith(underAnother)).isEqualTo(SecretCipher.SealedWith.UNKNOWN_KEY);
		assertThat(rotated.sealedWith("plain-password")).isEqualTo(SecretCipher.SealedWith.UNKNOWN_KEY);
		assertThat(new SecretCipher(NEXT_KEY, Optional.empty()).sealedWith(underOld))
			.isEqualTo(SecretCipher.SealedWith.UNKNOWN_KEY);
	}

	@Test
	void resealMovesAValueToTheCurrentKeySoItOpensWithoutThePreviousOne() {
		String underOld = this.cipher.seal("pä55wörd", "datasource:7:password");
		SecretCipher rotated = new SecretCipher(NEXT_KEY, Optional.of(KEY));

		String resealed = rotated.reseal(underOld, "datasource:7:password");

		assertThat(rotated.sealedWith(resealed)).isEqualTo(SecretCipher.SealedWith.CURRENT_KEY);
		assertThat(new SecretCipher(NEXT_KEY, Optional.empty()).open(resealed, "datasource:7:password"))
			.isEqualTo("pä55wörd");
		// The context is kept: the re-sealed value still belongs to its record only.
		assertThatExceptionOfType(SecretNotOpened.class)
			.isThrownBy(() -> rotated.open(resealed, "datasource:8:password"));
	}

	@Test
	void resealRefusesWhatOpensWithNeitherKey() {
		String underAnother = new SecretCipher(ANOTHER_KEY, Optional.empty()).seal("secret", "ctx");
		SecretCipher rotated = new SecretCipher(NEXT_KEY, Optional.of(KEY));

		assertThatExceptionOfType(SecretNotOpened.class).isThrownBy(() -> rotated.reseal(underAnother, "ctx"));
		assertThatExceptionOfType(SecretNotOpened.class)
			.isThrownBy(() -> rotated.reseal(this.cipher.seal("secret", "ctx"), "other-ctx"));
	}

}
