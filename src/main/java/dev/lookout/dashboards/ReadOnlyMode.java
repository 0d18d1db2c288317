package dev.lookout.dashboards;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import dev.lookout.database.ApplicationDatabase;

import org.springframework.stereotype.Component;

/**
 * Read-only mode as users see it: whether changes can be saved now, and how current the
 * definitions shown are. The layout's banner reads it as bean {@code readOnlyMode} (so no other
 * request pays for it), and the dashboards API puts it in its answers.
 */
@Component("readOnlyMode")
public class ReadOnlyMode {

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ApplicationDatabase database;

	private final Definitions definitions;

	ReadOnlyMode(ApplicationDatabase database, Definitions definitions) {
		this.database = database;
		this.definitions = definitions;
	}

	/** Whether changes cannot be saved now: the application database is unavailable. */
	public boolean active() {
		return !this.database.available();
	}

	/** When the application database was last seen to have the definitions shown. */
	public Optional<Instant> definitionsAsOf() {
		return this.definitions.asOf();
	}

	/** {@link #definitionsAsOf()} as the banner shows it, such as {@code 14:03:07 UTC}; empty when none. */
	public String asOfClock() {
		return definitionsAsOf().map(CLOCK::format).orElse("");
	}

	/** {@link #definitionsAsOf()} for a {@code <time datetime>} attribute. */
	public String asOfIso() {
		return definitionsAsOf().map(Instant::toString).orElse("");
	}

}
