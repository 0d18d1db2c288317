package dev.lookout.datasource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The databases a source may be, told apart by the JDBC URL's scheme. Only these four: any
 * other scheme would let an admin make the server load an arbitrary driver. Within a URL, the
 * parameters that load classes, run code at connect or read local files are refused too.
 */
enum DataSourceKind {

	H2("h2", ";", ";", Set.of(
			// Runs SQL at connect, where CREATE ALIAS compiles and runs Java code.
			"init")),

	POSTGRESQL("postgresql", "?", "&", Set.of(
			// Each names a class the driver instantiates.
			"socketfactory", "socketfactoryarg", "sslfactory", "sslfactoryarg", "sslhostnameverifier",
			"sslpasswordcallback", "authenticationpluginclassname")),

	MARIADB("mariadb", "?", "&", mariaDbRefusedParameters()),

	/** Served by the MariaDB driver, which speaks the MySQL protocol. */
	MYSQL("mysql", "?", "&", mariaDbRefusedParameters());

	/** A password in user info, such as {@code //user:secret@host}. */
	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("//[^/?#;@]*:[^/?#;@]*@");

	private final String value;

	private final String scheme;

	private final String parametersStart;

	private final String parameterSeparator;

	private final Set<String> refusedParameters;

	DataSourceKind(String value, String parametersStart, String parameterSeparator, Set<String> refusedParameters) {
		this.value = value;
		this.scheme = "jdbc:" + value + ":";
		this.parametersStart = parametersStart;
		this.parameterSeparator = parameterSeparator;
		this.refusedParameters = refusedParameters;
	}

	/**
	 * The name stored and shown: {@code h2}, {@code postgresql}, {@code mariadb} or {@code mysql}.
	 * Public so that templates can read it.
	 */
	public String value() {
		return this.value;
	}

	static Optional<DataSourceKind> ofUrl(String jdbcUrl) {
		return Arrays.stream(values()).filter((kind) -> jdbcUrl.startsWith(kind.scheme)).findFirst();
	}

	static DataSourceKind of(String value) {
		return Arrays.stream(values())
			.filter((kind) -> kind.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown data source kind '" + value + "'"));
	}

	/** The schemes a URL may start with, for messages. */
	static List<String> schemes() {
		return Arrays.stream(values()).map((kind) -> kind.scheme).toList();
	}

	/**
	 * Why this URL must not be stored, if it must not: it carries a password (which belongs in
	 * the sealed password field) or a parameter this kind refuses.
	 */
	Optional<String> refusal(String jdbcUrl) {
		if (USER_INFO_PASSWORD.matcher(jdbcUrl).find()) {
			return Optional.of(passwordInUrl());
		}
		for (String parameter : parameterNames(jdbcUrl)) {
			if (parameter.equals("password")) {
				return Optional.of(passwordInUrl());
			}
			if (this.refusedParameters.contains(parameter)) {
				return Optional.of("jdbcUrl must not set the parameter '" + parameter
						+ "': it would let the connection load classes, run code or read files on this server");
			}
		}
		return Optional.empty();
	}

	/** The URL given to the driver. */
	String driverUrl(String jdbcUrl) {
		if (this != MYSQL) {
			return jdbcUrl;
		}
		// The MariaDB driver takes jdbc:mysql: URLs only when they say so.
		return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "permitMysqlScheme";
	}

	/** Parameter names in lower case: H2 ignores their case, and a refusal must not depend on it. */
	private List<String> parameterNames(String jdbcUrl) {
		int start = jdbcUrl.indexOf(this.parametersStart);
		if (start < 0) {
			return List.of();
		}
		return Arrays.stream(jdbcUrl.substring(start + 1).split(Pattern.quote(this.parameterSeparator)))
			.map((parameter) -> parameter.split("=", 2)[0].strip().toLowerCase(Locale.ROOT))
			.toList();
	}

	private static String passwordInUrl() {
		return "jdbcUrl must not carry a password: enter it in the password field, where it is stored encrypted";
	}

	private static Set<String> mariaDbRefusedParameters() {
		return Set.of(
				// Lets the server ask for any file this process can read (LOAD DATA LOCAL INFILE).
				"allowlocalinfile",
				// Several statements in one call, past the one-statement rule of queries.
				"allowmultiqueries",
				// Names a class the driver instantiates.
				"socketfactory");
	}

}
