package dev.lookout.security.secrets;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869). Written here because Java 17 has no HKDF (the JDK's
 * {@code javax.crypto.KDF} arrives in Java 24); it is two loops around the JDK's HMAC, no
 * cipher of our own.
 */
final class Hkdf {

	private static final String HMAC = "HmacSHA256";

	private static final int HASH_BYTES = 32;

	private Hkdf() {
	}

	static byte[] derive(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
		if (length <= 0 || length > 255 * HASH_BYTES) {
			throw new IllegalArgumentException("length must be between 1 and " + (255 * HASH_BYTES) + ", was " + length);
		}
		try {
			byte[] pseudoRandomKey = hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, inputKeyMaterial);
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(pseudoRandomKey, HMAC));
			byte[] output = new byte[length];
			byte[] block = new byte[0];
			for (int offset = 0, counter = 1; offset < length; counter++) {
				mac.update(block);
				mac.update(info);
				mac.update((byte) counter);
				block = mac.doFinal();
				int take = Math.min(block.length, length - offset);
				System.arraycopy(block, 0, output, offset, take);
				offset += take;
			}
			return output;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required by every Java runtime", ex);
		}
	}

	private static byte[] hmac(byte[] key, byte[] data) throws NoSuchAlgorithmException, InvalidKeyException {
		Mac mac = Mac.getInstance(HMAC);
		mac.init(new SecretKeySpec(key, HMAC));
		return mac.doFinal(data);
	}

}
