package dev.lookout.security.guard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.lookout.system.GuardProblem;

/**
 * Judges whether a secret is strong enough to protect data, naming each weakness without
 * ever repeating the secret. Cheap, explainable checks rather than an entropy estimate: an
 * operator must be able to see why a value was refused.
 */
public final class SecretStrength {

	/** 256 bits, the AES key size the secrets at rest are sealed with. */
	public static final int MIN_BYTES = 32;

	/** How to make a good one; part of every fix the guard suggests. */
	public static final String HOW_TO_GENERATE = "generate one with `openssl rand -base64 48`";

	/** The value {@code .env.example} ships with; a test keeps the two in step. */
	public static final String ENV_EXAMPLE_PLACEHOLDER = "replace-me-with-openssl-rand-base64-48";

	private static final Set<String> PLACEHOLDERS = Set.of(ENV_EXAMPLE_PLACEHOLDER, "changeme", "change-me",
			"change_me", "secret", "secretkey", "secret-key", "secret_key", "password", "mysecret", "default",
			"development", "dev", "test", "lookout", "please-change-me", "your-secret-key", "your_secret_key");

	/** Words that only appear in a value somebody meant to replace. */
	private static final List<String> PLACEHOLDER_WORDS = List.of("changeme", "replaceme", "placeholder",
			"yoursecret", "secretkeyhere", "example", "insertkey", "notasecret", "dummy");

	/** Fewer distinct characters than this cannot carry the entropy the length suggests. */
	private static final int MIN_DISTINCT_CHARACTERS = 10;

	private SecretStrength() {
	}

	/** Every weakness of {@code secret}, as phrases that complete "it ...". Empty means strong. */
	public static List<String> weaknesses(String secret) {
		List<String> weaknesses = new ArrayList<>();
		int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
		if (bytes < MIN_BYTES) {
			weaknesses.add("is " + bytes + " bytes long; at least " + MIN_BYTES + " are required");
		}
		if (isPlaceholder(secret)) {
			weaknesses.add("is a known placeholder value");
		}
		else if (isLowDiversity(secret)) {
			weaknesses.add("has trivially low diversity (too few distinct characters, a repeated pattern or a"
					+ " simple sequence)");
		}
		return weaknesses;
	}

	/**
	 * The guard's problem for a weak secret, all weaknesses in one sentence, or empty when it
	 * is strong.
	 * @param variable the variable an operator sets
	 * @param described how the problem names the secret ("the secret key")
	 */
	public static Optional<GuardProblem> problemOf(String variable, String described, String secret) {
		List<String> weaknesses = weaknesses(secret);
		if (weaknesses.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new GuardProblem(variable, described + " " + String.join(" and ", weaknesses),
				"set " + variable + " to a new random value: " + HOW_TO_GENERATE));
	}

	static boolean isPlaceholder(String secret) {
		String lower = secret.trim().toLowerCase(Locale.ROOT);
		if (PLACEHOLDERS.contains(lower)) {
			return true;
		}
		String letters = lower.replaceAll("[^a-z0-9]", "");
		return PLACEHOLDER_WORDS.stream().anyMatch(letters::contains);
	}

	static boolean isLowDiversity(String secret) {
		int[] codePoints = secret.codePoints().toArray();
		if (codePoints.length == 0) {
			return true;
		}
		long distinct = secret.codePoints().distinct().count();
		return distinct < MIN_DISTINCT_CHARACTERS || hasShortPeriod(codePoints) || isMostlySequential(codePoints);
	}

	/** True when the value is a unit repeated at least twice ("abcabc…", "k3yk3yk3y…"). */
	private static boolean hasShortPeriod(int[] codePoints) {
		int length = codePoints.length;
		for (int period = 1; period <= length / 2; period++) {
			boolean repeats = true;
			for (int i = period; i < length && repeats; i++) {
				repeats = codePoints[i] == codePoints[i - period];
			}
			if (repeats) {
				return true;
			}
		}
		return false;
	}

	/** True when most neighbours step by one ("0123456789abcdef…", "zyxw…"). */
	private static boolean isMostlySequential(int[] codePoints) {
		int steps = 0;
		for (int i = 1; i < codePoints.length; i++) {
			if (Math.abs(codePoints[i] - codePoints[i - 1]) == 1) {
				steps++;
			}
		}
		return steps * 4 >= (codePoints.length - 1) * 3;
	}

}
