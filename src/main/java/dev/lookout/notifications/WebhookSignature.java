package dev.lookout.notifications;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code Lookout-Signature: sha256=<hex HMAC-SHA256>} over
 * {@code "<Lookout-Timestamp>.<body>"} with the channel's secret. The timestamp is signed too, so a
 * receiver can refuse a replayed old delivery.
 */
public final class WebhookSignature {

	public static final String SIGNATURE_HEADER = "Lookout-Signature";

	public static final String TIMESTAMP_HEADER = "Lookout-Timestamp";

	public static final String KEY_HEADER = "Lookout-Idempotency-Key";

	private static final String PREFIX = "sha256=";

	private WebhookSignature() {
	}

	/** The header's value for this timestamp (epoch seconds, as sent) and body. */
	public static String sign(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '.');
			return PREFIX + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required by every Java runtime", ex);
		}
	}

	/** Whether {@code signature} is this secret's for the timestamp and body, compared in constant time. */
	public static boolean verify(String secret, String timestamp, String body, String signature) {
		if (signature == null || timestamp == null) {
			return false;
		}
		return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
				signature.getBytes(StandardCharsets.UTF_8));
	}

}
