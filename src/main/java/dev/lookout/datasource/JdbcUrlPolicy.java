package dev.lookout.datasource;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a data source's URL may be used, for a new or edited source and again
 * before a stored one is opened: a known scheme, never H2 (but for the application's own
 * embedded databases), no credentials in the URL, parameters from {@link AllowedParameters},
 * and hosts within {@link AllowedHosts}, checked before any connection is made.
 */
final class JdbcUrlPolicy {

	static final int JDBC_URL_MAX_LENGTH = 2000;

	private static final Pattern JDBC_SCHEME = Pattern.compile("jdbc:[A-Za-z0-9]{1,20}:");

	/** A password in user info, such as {@code //user:secret@host}. */
	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("//[^/?#;@]*:[^/?#;@]*@");

	private final AllowedHosts allowedHosts;

	private final List<EmbeddedDataSource> embedded;

	JdbcUrlPolicy(AllowedHosts allowedHosts, List<EmbeddedDataSource> embedded) {
		this.allowedHosts = allowedHosts;
		this.embedded = List.copyOf(embedded);
	}

	/** Why an admin may not save this URL, if they may not; {@code null} means absent. */
	Optional<String> problem(String jdbcUrl) {
		if (jdbcUrl == null) {
			return Optional.of("jdbcUrl is required");
		}
		if (jdbcUrl.length() > JDBC_URL_MAX_LENGTH) {
			return Optional.of("jdbcUrl must be at most " + JDBC_URL_MAX_LENGTH + " characters, but has "
					+ jdbcUrl.length());
		}
		Optional<DataSourceKind> kind = DataSourceKind.ofUrl(jdbcUrl);
		if (kind.isEmpty()) {
			return Optional.of(unknownScheme(jdbcUrl));
		}
		if (kind.get() == DataSourceKind.H2) {
			return Optional.of(h2Refused());
		}
		return networkProblem(kind.get(), jdbcUrl);
	}

	/**
	 * Why a stored source must not be opened, if it must not: what would refuse it if it were
	 * saved now (it may predate a rule), except that the application's embedded databases open.
	 */
	Optional<String> refusalOfStored(DataSourceKind kind, String jdbcUrl, String username) {
		if (kind == DataSourceKind.H2) {
			return isEmbedded(jdbcUrl, username) ? Optional.empty() : Optional.of(h2Refused());
		}
		return problem(jdbcUrl);
	}

	/** Whether the application declared this H2 database as its own, to be opened as this user. */
	boolean isEmbedded(String jdbcUrl, String username) {
		return this.embedded.stream().anyMatch((each) -> each.matches(jdbcUrl, username));
	}

	private Optional<String> networkProblem(DataSourceKind kind, String jdbcUrl) {
		if (USER_INFO_PASSWORD.matcher(jdbcUrl).find()) {
			return Optional.of("jdbcUrl must not carry a password: enter it in the password field, where it is"
					+ " stored encrypted");
		}
		DriverUrl url;
		try {
			url = DriverUrl.read(kind, jdbcUrl);
		}
		catch (IllegalArgumentException ex) {
			return Optional.of("jdbcUrl is not usable: " + ex.getMessage());
		}
		for (DriverUrl.Parameter parameter : url.parameters()) {
			Optional<String> refusal = AllowedParameters.refusal(kind, parameter);
			if (refusal.isPresent()) {
				return refusal;
			}
		}
		// Last: it may wait for DNS.
		return url.hosts().stream().map(this.allowedHosts::refusal).flatMap(Optional::stream).findFirst()
			.map((refusal) -> "jdbcUrl " + refusal);
	}

	static String h2Refused() {
		return "H2 data sources are not allowed: H2 would run inside Lookout's own process, where its file"
				+ " functions (FILE_READ, CSVREAD, CSVWRITE, RUNSCRIPT) read and write this server's files, the"
				+ " secret key included. Point Lookout at a real database instead, for example"
				+ " jdbc:postgresql://host:5432/database or jdbc:mariadb://host:3306/database, with an account"
				+ " that may only read";
	}

	private static String unknownScheme(String jdbcUrl) {
		String problem = "jdbcUrl must start with " + String.join(", ", DataSourceKind.schemes());
		// Only a JDBC scheme is quoted back: the rest of a URL may hold credentials.
		Matcher scheme = JDBC_SCHEME.matcher(jdbcUrl);
		if (scheme.lookingAt()) {
			return problem + ", but starts with '" + scheme.group() + "'";
		}
		if (jdbcUrl.startsWith("postgres://") || jdbcUrl.startsWith("postgresql://")) {
			return problem + " (write jdbc:postgresql://host:port/database, with the user and the password in their"
					+ " own fields)";
		}
		return problem;
	}

}
