package dev.lookout.dashboards;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a panel shows its rows. Clients and the database know each by its lower-case {@link #id()}. */
enum Visualization {

	TABLE, LINE, BAR, STAT;

	@JsonValue
	String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<Visualization> of(String id) {
		return Arrays.stream(values()).filter((visualization) -> visualization.id().equals(id)).findFirst();
	}

	/** Line and bar charts plot y columns against an x column. */
	boolean isChart() {
		return this == LINE || this == BAR;
	}

}
