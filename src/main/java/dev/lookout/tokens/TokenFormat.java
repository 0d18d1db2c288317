package dev.lookout.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token's text, {@code lk_<id>_<secret>}: a public id of {@value #ID_LENGTH} base62
 * characters (it names the token in logs and the audit log) and a secret of 32 random bytes,
 * base64url without padding (43 characters, which may themselves contain {@code _} and
 * {@code -}). Only the secret's SHA-256 is stored. A fast hash is enough here, unlike for
 * passwords: a 256-bit random secret cannot be guessed or brute-forced from its hash, so the
 * slowness of bcrypt or PBKDF2 would buy nothing but latency on every API request.
 */
final class TokenFormat {

	static final String PREFIX = "lk_";

	static final int ID_LENGTH = 12;

	static final int SECRET_BYTES = 32;

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final Pattern TOKEN = Pattern
		.compile("lk_([0-9A-Za-z]{" + ID_LENGTH + "})_([A-Za-z0-9_-]{43})");

	private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{" + ID_LENGTH + "}");

	private TokenFormat() {
	}

	/** A token as a client presents it, split into its parts. */
	record Parsed(String id, String secret) {

		@Override
		public String toString() {
			return "Parsed[id=" + this.id + ", secret=(hidden)]";
		}

	}

	/** A new token: its parts, and the text shown once. */
	record Generated(String id, String secret) {

		String text() {
			return PREFIX + this.id + "_" + this.secret;
		}

		@Override
		public String toString() {
			return "Generated[id=" + this.id + ", secret=(hidden)]";
		}

	}

	static Generated generate(SecureRandom random) {
		StringBuilder id = new StringBuilder(ID_LENGTH);
		for (int i = 0; i < ID_LENGTH; i++) {
			id.append(BASE62.charAt(random.nextInt(BASE62.length())));
		}
		byte[] secret = new byte[SECRET_BYTES];
		random.nextBytes(secret);
		return new Generated(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
	}

	/** The parts of {@code text}, or empty when it is not a Lookout token at all. */
	static Optional<Parsed> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = TOKEN.matcher(text);
		return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
	}

	/** The id of something that looks like a token, for the audit log even when the rest is wrong. */
	static Optional<String> idOf(String text) {
		if (text == null || !text.startsWith(PREFIX) || text.length() < PREFIX.length() + ID_LENGTH) {
			return Optional.empty();
		}
		String id = text.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
		return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
	}

	static boolean isId(String text) {
		return text != null && ID.matcher(text).matches();
	}

	/** Hex SHA-256 of the secret's text. */
	static String hash(String secret) {
		return HexFormat.of().formatHex(sha256(secret));
	}

	/** Whether {@code secret} hashes to {@code storedHash}, in time that does not depend on where they differ. */
	static boolean matches(String secret, String storedHash) {
		byte[] expected;
		try {
			expected = HexFormat.of().parseHex(storedHash);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(sha256(secret), expected);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
