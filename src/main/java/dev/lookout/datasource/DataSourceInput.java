package dev.lookout.datasource;

import dev.lookout.web.MaxCharacters;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;

/**
 * What an admin submits to create or edit a data source, names without surrounding white space
 * (blank is absent), with the rules each field must meet; the URL's rules are
 * {@link JdbcUrlPolicy}'s, which {@link DataSources} adds. On an edit, a {@code null} password
 * keeps the stored one and an empty one removes it; {@code version} is the version the edit
 * started from. Messages name their field: they are shown as they are, on the form and in the
 * problem's detail. A new source may leave out its pool size, query timeout and row limit: it
 * gets the defaults below ({@link #withDefaults()}), which the form shows too.
 */
record DataSourceInput(
		@NotNull(message = "name is required")
		@MaxCharacters(value = NAME_MAX_LENGTH, message = "name must be at most {value} characters, but has {length}") String name,
		String jdbcUrl,
		@MaxCharacters(value = USERNAME_MAX_LENGTH,
				message = "username must be at most {value} characters, but has {length}") String username,
		String password,
		@NotNull(message = "poolSize is required")
		@Range(min = POOL_SIZE_MIN, max = POOL_SIZE_MAX,
				message = "poolSize must be between {min} and {max}, but was ${validatedValue}") Integer poolSize,
		@NotNull(message = "queryTimeoutMs is required")
		@Range(min = QUERY_TIMEOUT_MIN_MS, max = QUERY_TIMEOUT_MAX_MS,
				message = "queryTimeoutMs must be between {min} and {max} ms, but was ${validatedValue}") Integer queryTimeoutMs,
		@NotNull(message = "rowLimit is required")
		@Range(min = ROW_LIMIT_MIN, max = ROW_LIMIT_MAX,
				message = "rowLimit must be between {min} and {max}, but was ${validatedValue}") Integer rowLimit,
		@NotNull(groups = Editing.class,
				message = "version is required: send the version the edit started from") Long version) {

	static final int NAME_MAX_LENGTH = 100;

	static final int USERNAME_MAX_LENGTH = 255;

	static final int POOL_SIZE_MIN = 1;

	static final int POOL_SIZE_MAX = 50;

	static final int QUERY_TIMEOUT_MIN_MS = 1_000;

	static final int QUERY_TIMEOUT_MAX_MS = 300_000;

	static final int ROW_LIMIT_MIN = 1;

	static final int ROW_LIMIT_MAX = 100_000;

	/** The Bean Validation group of the rules that hold only when a stored source is edited. */
	interface Editing {

	}

	DataSourceInput {
		name = strip(name);
		jdbcUrl = strip(jdbcUrl);
		username = strip(username);
	}

	private static String strip(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** A small pool: refreshes take all but one connection, previews the last one. */
	static final int DEFAULT_POOL_SIZE = 4;

	/** Long enough for a dashboard's query, short enough that a runaway one is cancelled. */
	static final int DEFAULT_QUERY_TIMEOUT_MS = 30_000;

	/** Rows enough for a table, few enough for a browser to draw. */
	static final int DEFAULT_ROW_LIMIT = 10_000;

	/** This input, with the defaults for the pool size, query timeout and row limit it leaves out. */
	DataSourceInput withDefaults() {
		return new DataSourceInput(this.name, this.jdbcUrl, this.username, this.password,
				(this.poolSize != null) ? this.poolSize : DEFAULT_POOL_SIZE,
				(this.queryTimeoutMs != null) ? this.queryTimeoutMs : DEFAULT_QUERY_TIMEOUT_MS,
				(this.rowLimit != null) ? this.rowLimit : DEFAULT_ROW_LIMIT, this.version);
	}

	@Override
	public String toString() {
		return "DataSourceInput[name=" + this.name + ", jdbcUrl=" + this.jdbcUrl + ", username=" + this.username
				+ ", password=" + ((this.password != null) ? "(given)" : "(not given)") + ", poolSize=" + this.poolSize
				+ ", queryTimeoutMs=" + this.queryTimeoutMs + ", rowLimit=" + this.rowLimit + ", version="
				+ this.version + "]";
	}

}
