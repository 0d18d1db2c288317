package dev.lookout.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the application database is: a JDBC URL and the credentials to connect with.
 * {@link #parse(String) Parsed} from {@code DATABASE_URL}, which takes the
 * {@code postgres://} form that hosting platforms hand out as well as plain JDBC URLs.
 * <p>
 * The password never shows: {@link #toString()} masks it, and no error message repeats any
 * part of the URL. {@link #jdbcUrl()} itself may carry a password parameter, so log only
 * this object, never the JDBC URL.
 *
 * @param jdbcUrl the URL to hand to the driver
 * @param username the user, or {@code null} to leave it to the URL or the driver
 * @param password the password, or {@code null} for none
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

	/** The environment variable the URL comes from, named in every message. */
	public static final String VARIABLE = "DATABASE_URL";

	/** What PostgreSQL shows as {@code application_name} for every pool of ours, so our sessions can be told apart. */
	public static final String APPLICATION_NAME = "lookout";

	private static final String ACCEPTED = "accepted forms: postgres://user:password@host:port/database?parameters"
			+ " (or postgresql://; percent-encode reserved characters such as @ : / ? # % in the user and"
			+ " password), jdbc:postgresql://host:port/database, jdbc:h2:...";

	private static final int DEFAULT_PORT = 5432;

	/** PostgreSQL behaviour where H2 differs from it by default, so migrations and queries run on both. */
	private static final String H2_POSTGRES_FLAGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

	/** A host name or a bracketed IPv6 address, and an optional port. */
	private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?");

	/** Parameters such as {@code password=}, {@code sslpassword=} (PostgreSQL) or {@code PASSWORD=} (H2). */
	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][a-z_]*password=)[^&;]*");

	/**
	 * The database a {@code DATABASE_URL} names.
	 * @param url {@code postgres://} or {@code postgresql://} with percent-encoded user info,
	 * or a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL passed through as it is
	 * @throws IllegalArgumentException naming {@value #VARIABLE}, the problem and the accepted
	 * forms, but never the URL
	 */
	public static DatabaseUrl parse(String url) {
		if (url == null || url.isBlank()) {
			throw invalid("is empty");
		}
		String trimmed = url.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:postgresql:") || lower.startsWith("jdbc:h2:")) {
			return new DatabaseUrl(trimmed, null, null);
		}
		for (String scheme : new String[] { "postgres://", "postgresql://" }) {
			if (lower.startsWith(scheme)) {
				return parsePostgres(trimmed.substring(scheme.length()));
			}
		}
		throw invalid("is not a PostgreSQL or H2 URL");
	}

	/** The embedded database of development: an H2 file {@code lookout} in {@code directory}. */
	public static DatabaseUrl h2File(Path directory) {
		// H2 refuses a bare relative path, and an absolute one does not depend on where H2 resolves it.
		Path file = directory.toAbsolutePath().normalize().resolve("lookout");
		return new DatabaseUrl("jdbc:h2:file:" + file + H2_POSTGRES_FLAGS, "sa", "");
	}

	/**
	 * An in-memory H2 database that lives until the JVM ends, so that closing and reopening a
	 * pool (a reload) keeps its data.
	 */
	public static DatabaseUrl h2InMemory(String name) {
		return new DatabaseUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_POSTGRES_FLAGS, "sa", "");
	}

	/** This URL, with {@code username} and {@code password} where it has none of its own. */
	public DatabaseUrl withDefaultCredentials(String username, String password) {
		return new DatabaseUrl(this.jdbcUrl, (this.username != null) ? this.username : blankToNull(username),
				(this.password != null) ? this.password : blankToNull(password));
	}

	public boolean isPostgres() {
		return this.jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
	}

	@Override
	public String toString() {
		String shown = PASSWORD_PARAMETER.matcher(this.jdbcUrl).replaceAll("$1****");
		return (this.username != null) ? shown + " (user " + this.username + ")" : shown;
	}

	private static DatabaseUrl parsePostgres(String rest) {
		int authorityEnd = indexOfPathOrQuery(rest);
		String authority = rest.substring(0, authorityEnd);
		String pathAndQuery = rest.substring(authorityEnd);
		// The last '@': an unencoded '@' in a password is common and still unambiguous.
		int at = authority.lastIndexOf('@');
		String username = null;
		String password = null;
		if (at >= 0) {
			String userInfo = authority.substring(0, at);
			int colon = userInfo.indexOf(':');
			username = blankToNull(decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo));
			password = (colon >= 0) ? blankToNull(decode(userInfo.substring(colon + 1))) : null;
		}
		String hosts = hosts(authority.substring(at + 1));
		int query = pathAndQuery.indexOf('?');
		String database = (query >= 0) ? pathAndQuery.substring(0, query) : pathAndQuery;
		if (database.length() <= 1 || database.indexOf('/', 1) >= 0) {
			throw invalid("names no database (write /<database> after the host)");
		}
		// The driver decodes the database name and the parameters itself.
		return new DatabaseUrl("jdbc:postgresql://" + hosts + pathAndQuery, username, password);
	}

	private static int indexOfPathOrQuery(String rest) {
		for (int i = 0; i < rest.length(); i++) {
			if (rest.charAt(i) == '/' || rest.charAt(i) == '?') {
				return i;
			}
		}
		return rest.length();
	}

	/** One host or a comma-separated list (for failover), each with its port, 5432 by default. */
	private static String hosts(String hosts) {
		StringJoiner joined = new StringJoiner(",");
		for (String host : hosts.split(",", -1)) {
			joined.add(hostAndPort(host));
		}
		return joined.toString();
	}

	private static String hostAndPort(String hostAndPort) {
		Matcher matcher = HOST_AND_PORT.matcher(hostAndPort);
		if (!matcher.matches()) {
			throw invalid("names no valid host (host, host:port or [IPv6 address]:port)");
		}
		String port = matcher.group(2);
		if (port == null) {
			return hostAndPort + ":" + DEFAULT_PORT;
		}
		int number = Integer.parseInt(port);
		if (number < 1 || number > 65535) {
			throw invalid("has a port that is not a number from 1 to 65535");
		}
		return hostAndPort;
	}

	private static String decode(String value) {
		try {
			// URLDecoder alone would turn '+' into a space; in user info '+' is itself.
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Not chained: the decoder's message quotes the text, which may be the password.
			throw invalid("has a malformed percent-encoding in its user or password");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static IllegalArgumentException invalid(String problem) {
		return new IllegalArgumentException(VARIABLE + " " + problem + "; " + ACCEPTED);
	}

}
