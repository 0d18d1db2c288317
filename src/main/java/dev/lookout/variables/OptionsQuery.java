package dev.lookout.variables;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Where a list variable reads its options: the first column of each row of a query, run on a
 * data source every {@code refreshSeconds} (300 when not given). Absent numbers read as 0 (a
 * mapper refuses absent primitives by default), so a missing source names none.
 */
public record OptionsQuery(@JsonSetter(nulls = Nulls.AS_EMPTY) long dataSourceId, String sql,
		@JsonSetter(nulls = Nulls.AS_EMPTY) int refreshSeconds) {

	static final int MIN_REFRESH_SECONDS = 5;

	static final int MAX_REFRESH_SECONDS = 86_400;

	/** Options change far less often than panel data: every five minutes unless asked otherwise. */
	static final int DEFAULT_REFRESH_SECONDS = 300;

	/** As long as a panel's query may be. */
	static final int SQL_LENGTH = 100_000;

	/** Without surrounding white space; an absent interval (0) is the default. */
	public OptionsQuery {
		sql = (sql != null) ? sql.strip() : null;
		refreshSeconds = (refreshSeconds != 0) ? refreshSeconds : DEFAULT_REFRESH_SECONDS;
	}

}
