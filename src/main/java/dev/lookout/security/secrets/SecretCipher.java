package dev.lookout.security.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest (data-source passwords) with AES-256-GCM under a key derived from
 * {@code SECRET_KEY} by HKDF. A sealed value reads {@code v1.<keyId>.<base64url(nonce|ciphertext|tag)>}:
 * the version allows a later format, the key id says which key sealed it, so values sealed
 * before a rotation still open with {@code SECRET_KEY_PREVIOUS}. The caller's context (for
 * example {@code "datasource:42:password"}) is bound as associated data, so a sealed value
 * copied onto another record does not open.
 */
public final class SecretCipher {

	static final String VERSION = "v1";

	private static final byte[] SALT = "lookout/secrets-at-rest".getBytes(StandardCharsets.UTF_8);

	private static final byte[] ENCRYPTION_INFO = "v1/aes-256-gcm".getBytes(StandardCharsets.UTF_8);

	private static final byte[] KEY_ID_INFO = "v1/key-id".getBytes(StandardCharsets.UTF_8);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final List<DerivedKey> keys;

	private final SecureRandom random = new SecureRandom();

	public SecretCipher(String secretKey, Optional<String> previousSecretKey) {
		List<DerivedKey> derived = new ArrayList<>();
		derived.add(DerivedKey.of(secretKey));
		previousSecretKey.filter((previous) -> !previous.isBlank())
			.map(DerivedKey::of)
			.filter((previous) -> !previous.id().equals(derived.get(0).id()))
			.ifPresent(derived::add);
		this.keys = List.copyOf(derived);
	}

	public String seal(String plaintext, String context) {
		DerivedKey key = this.keys.get(0);
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, context);
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] payload = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
			return VERSION + "." + key.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is required by every Java runtime", ex);
		}
	}

	/**
	 * Opens a value sealed by {@link #seal} with the same context.
	 * @throws SecretNotOpened when the value is malformed, altered, sealed for another
	 * context, or sealed with a key that is neither the current nor the previous one
	 */
	public String open(String sealedValue, String context) {
		String[] parts = sealedValue.split("\\.", 3);
		if (parts.length != 3 || !VERSION.equals(parts[0])) {
			throw new SecretNotOpened("the value is not a sealed secret of version " + VERSION);
		}
		DerivedKey key = this.keys.stream()
			.filter((candidate) -> candidate.id().equals(parts[1]))
			.findFirst()
			.orElseThrow(() -> new SecretNotOpened(
					"the value was sealed with a key that is neither SECRET_KEY nor SECRET_KEY_PREVIOUS"));
		try {
			byte[] payload = Base64.getUrlDecoder().decode(parts[2]);
			if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
				throw new SecretNotOpened("the value is truncated");
			}
			byte[] nonce = Arrays.copyOf(payload, NONCE_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, context);
			byte[] plaintext = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
			return new String(plaintext, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new SecretNotOpened("the value is not valid base64url");
		}
		catch (AEADBadTagException ex) {
			throw new SecretNotOpened("the value was altered, or belongs to another record");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is required by every Java runtime", ex);
		}
	}

	/** True when the value was sealed with an older key and should be sealed again. */
	public boolean needsResealing(String sealedValue) {
		return sealedWith(sealedValue) != SealedWith.CURRENT_KEY;
	}

	/**
	 * Which of the keys the value names, read from its key id alone: says nothing about
	 * whether it opens (an altered value still names its key).
	 */
	public SealedWith sealedWith(String sealedValue) {
		String[] parts = sealedValue.split("\\.", 3);
		if (parts.length != 3 || !VERSION.equals(parts[0])) {
			return SealedWith.UNKNOWN_KEY;
		}
		if (parts[1].equals(this.keys.get(0).id())) {
			return SealedWith.CURRENT_KEY;
		}
		return (this.keys.size() > 1 && parts[1].equals(this.keys.get(1).id())) ? SealedWith.PREVIOUS_KEY
				: SealedWith.UNKNOWN_KEY;
	}

	/**
	 * The value sealed again with the current key, for the same context: opened with whichever
	 * key sealed it, so a rotation can move every value off {@code SECRET_KEY_PREVIOUS}.
	 * @throws SecretNotOpened when the value does not open (see {@link #open})
	 */
	public String reseal(String sealedValue, String context) {
		return seal(open(sealedValue, context), context);
	}

	/** The key a sealed value names, as far as this cipher knows the keys. */
	public enum SealedWith {

		/** {@code SECRET_KEY}: nothing to do. */
		CURRENT_KEY,

		/** {@code SECRET_KEY_PREVIOUS}: opens, and should be sealed again before that key goes. */
		PREVIOUS_KEY,

		/** Neither key, or not a sealed value at all: it cannot be opened here. */
		UNKNOWN_KEY

	}

	private static Cipher cipher(int mode, DerivedKey key, byte[] nonce, String context)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key.aes(), new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private record DerivedKey(String id, SecretKeySpec aes) {

		static DerivedKey of(String secret) {
			byte[] material = secret.getBytes(StandardCharsets.UTF_8);
			byte[] aes = Hkdf.derive(material, SALT, ENCRYPTION_INFO, 32);
			byte[] id = Hkdf.derive(material, SALT, KEY_ID_INFO, 6);
			return new DerivedKey(Base64.getUrlEncoder().withoutPadding().encodeToString(id),
					new SecretKeySpec(aes, "AES"));
		}

	}

}
