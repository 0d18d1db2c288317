package dev.lookout.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in the audit log, (occurred_at, id) of an entry, handed to clients as an opaque
 * token: they pass it back as {@code before} or {@code after} and never build one.
 */
record AuditCursor(Instant occurredAt, long id) {

	static AuditCursor of(AuditLog.AuditEntry entry) {
		return new AuditCursor(entry.occurredAt(), entry.id());
	}

	String token() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.occurredAt + "/" + this.id).getBytes(StandardCharsets.UTF_8));
	}

	/** Empty when the token is not one {@link #token()} made. */
	static Optional<AuditCursor> parse(String token) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			int slash = text.lastIndexOf('/');
			if (slash < 0) {
				return Optional.empty();
			}
			return Optional.of(new AuditCursor(Instant.parse(text.substring(0, slash)),
					Long.parseLong(text.substring(slash + 1))));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			return Optional.empty();
		}
	}

}
