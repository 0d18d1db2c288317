package dev.lookout.datasource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The URL parameters a data source may set, per kind: timeouts, TLS mode and root
 * certificate, application name, schema, time zone and the like. An allow-list, because each
 * driver keeps adding parameters that load classes, run code, read files or undo read-only
 * (pgjdbc's {@code socketFactory}, {@code options}, {@code readOnlyMode}; MariaDB's
 * {@code allowLocalInfile}, {@code sessionVariables}): anything not named here is refused by
 * its name. PostgreSQL matches names exactly, as pgjdbc does; MariaDB ignores their case, as
 * its driver does.
 */
final class AllowedParameters {

	private static final Map<DataSourceKind, List<Allowed>> ALLOWED = Map.of(DataSourceKind.POSTGRESQL, List.of(
			Allowed.text("ApplicationName"), Allowed.positive("connectTimeout", "seconds"),
			Allowed.positive("loginTimeout", "seconds"), Allowed.positive("socketTimeout", "seconds"),
			Allowed.positive("cancelSignalTimeout", "seconds"), Allowed.bool("tcpKeepAlive"), Allowed.bool("ssl"),
			Allowed.oneOf("sslmode", "disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
			Allowed.text("sslrootcert"), Allowed.text("currentSchema"),
			Allowed.oneOf("targetServerType", "any", "primary", "secondary", "preferPrimary", "preferSecondary"),
			Allowed.bool("loadBalanceHosts"), Allowed.positive("hostRecheckSeconds", "seconds"),
			Allowed.positive("defaultRowFetchSize", "rows"), Allowed.oneOf("gssEncMode", "disable", "allow",
					"prefer", "require")),
			DataSourceKind.MARIADB, mariaDb(), DataSourceKind.MYSQL, mysql());

	private AllowedParameters() {
	}

	/** Why the parameter must not be set, if it must not; a password or user gets its own advice. */
	static Optional<String> refusal(DataSourceKind kind, DriverUrl.Parameter parameter) {
		boolean ignoreCase = kind != DataSourceKind.POSTGRESQL;
		String name = ignoreCase ? parameter.name().toLowerCase(Locale.ROOT) : parameter.name();
		if (name.equalsIgnoreCase("password")) {
			return Optional.of("jdbcUrl must not carry a password: enter it in the password field, where it is stored"
					+ " encrypted");
		}
		if (name.equalsIgnoreCase("user")) {
			return Optional.of("jdbcUrl must not name the user: enter it in the username field");
		}
		Optional<Allowed> allowed = ALLOWED.get(kind)
			.stream()
			.filter((each) -> ignoreCase ? each.name().equalsIgnoreCase(name) : each.name().equals(name))
			.findFirst();
		if (allowed.isEmpty()) {
			return Optional.of("jdbcUrl must not set the parameter '" + printable(parameter.name()) + "': only "
					+ names(kind) + " are allowed, because other parameters can load classes, run code, read files"
					+ " on this server or undo read-only");
		}
		return allowed.get().valueProblem(parameter.value());
	}

	/** The allowed names of a kind, for messages and the form's help. */
	static String names(DataSourceKind kind) {
		return ALLOWED.get(kind).stream().map(Allowed::name).collect(Collectors.joining(", "));
	}

	/** The allowed names of a kind, for tests that hold them against the driver's own options. */
	static List<String> allowedNames(DataSourceKind kind) {
		return ALLOWED.get(kind).stream().map(Allowed::name).toList();
	}

	private static List<Allowed> mariaDb() {
		return List.of(Allowed.positive("connectTimeout", "milliseconds"),
				Allowed.positive("socketTimeout", "milliseconds"), Allowed.bool("tcpKeepAlive"),
				Allowed.oneOf("sslMode", "disable", "trust", "verify-ca", "verify-full"),
				// The older switch, still read by the driver (as useSsl or useSSL, case sensitive, outside
				// its option mapping): true means sslMode=verify-full, false sslMode=disable.
				Allowed.bool("useSsl"), Allowed.text("serverSslCert"),
				Allowed.text("connectionTimeZone"), Allowed.bool("forceConnectionTimeZoneToSession"),
				Allowed.bool("preserveInstants"), Allowed.text("connectionAttributes"), Allowed.bool("useCompression"),
				Allowed.positive("defaultFetchSize", "rows"));
	}

	private static List<Allowed> mysql() {
		// Lookout adds it to every mysql URL; saying it again changes nothing.
		return Stream.concat(mariaDb().stream(), Stream.of(Allowed.bool("permitMysqlScheme"))).toList();
	}

	/** Names may hold anything; only printable ASCII is quoted back. */
	private static String printable(String text) {
		return text.codePoints()
			.mapToObj((c) -> (c >= 0x20 && c < 0x7f) ? Character.toString(c) : String.format("\\u%04x", c))
			.collect(Collectors.joining());
	}

	/** An allowed parameter and the values it may take. */
	private record Allowed(String name, Predicate<String> accepts, String expected) {

		private static final int TEXT_MAX_LENGTH = 200;

		static Allowed text(String name) {
			return new Allowed(name, (value) -> value.length() <= TEXT_MAX_LENGTH
					&& value.codePoints().noneMatch(Character::isISOControl), "text of at most " + TEXT_MAX_LENGTH
							+ " characters without control characters");
		}

		/** Zero turns most timeouts off, which would let a hung database hold a connection forever. */
		static Allowed positive(String name, String unit) {
			return new Allowed(name, (value) -> value.matches("[1-9][0-9]{0,8}"), "a whole number of " + unit
					+ " above zero");
		}

		static Allowed bool(String name) {
			// A bare name (MariaDB) means true.
			return new Allowed(name, (value) -> value.isEmpty() || value.equalsIgnoreCase("true")
					|| value.equalsIgnoreCase("false"), "true or false");
		}

		static Allowed oneOf(String name, String... values) {
			Function<String, String> lower = (value) -> value.toLowerCase(Locale.ROOT);
			List<String> allowed = Arrays.stream(values).map(lower).toList();
			return new Allowed(name, (value) -> allowed.contains(lower.apply(value)), "one of "
					+ String.join(", ", values));
		}

		Optional<String> valueProblem(String value) {
			if (this.accepts.test(value)) {
				return Optional.empty();
			}
			return Optional.of("jdbcUrl parameter '" + this.name + "' must be " + this.expected);
		}

	}

}
