package dev.lookout.datasource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The databases a source may be, told apart by the JDBC URL's scheme. Only these four: any
 * other scheme would let an admin make the server load an arbitrary driver. H2 is here only
 * for the application's own embedded databases ({@link EmbeddedDataSource}); an admin may
 * not create one ({@link JdbcUrlPolicy}).
 */
enum DataSourceKind {

	H2("h2"),

	POSTGRESQL("postgresql"),

	MARIADB("mariadb"),

	/** Served by the MariaDB driver, which speaks the MySQL protocol. */
	MYSQL("mysql");

	private final String value;

	private final String scheme;

	DataSourceKind(String value) {
		this.value = value;
		this.scheme = "jdbc:" + value + ":";
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

	/** The schemes an admin's URL may start with, for messages: H2 is not one of them. */
	static List<String> schemes() {
		return Arrays.stream(values()).filter((kind) -> kind != H2).map((kind) -> kind.scheme).toList();
	}

	/** The URL given to the driver. */
	String driverUrl(String jdbcUrl) {
		if (this != MYSQL) {
			return jdbcUrl;
		}
		// The MariaDB driver takes jdbc:mysql: URLs only when they say so.
		return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "permitMysqlScheme";
	}

}
