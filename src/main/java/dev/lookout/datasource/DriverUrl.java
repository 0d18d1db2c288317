package dev.lookout.datasource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.postgresql.Driver;

/**
 * A data source's JDBC URL as its driver reads it: the hosts it would connect to and the
 * parameters it would set. Hosts come from the driver's own parser; parameter names are split
 * exactly as the driver splits them (PostgreSQL: by its parser; MariaDB: at the first
 * {@code ?}, by {@code &}, names neither decoded nor trimmed), so a name the allow-list does
 * not know cannot reach the driver in a spelling the list did not see.
 */
record DriverUrl(List<String> hosts, List<Parameter> parameters) {

	/** Keys pgjdbc's parser writes itself; set from the query they would move the connection. */
	private static final Set<String> POSTGRESQL_LOCATION = Set.of("PGHOST", "PGPORT", "PGDBNAME");

	/**
	 * @param kind PostgreSQL, MariaDB or MySQL; H2 URLs are never read, they are refused
	 * @throws IllegalArgumentException saying why the driver would not take the URL
	 */
	static DriverUrl read(DataSourceKind kind, String jdbcUrl) {
		return switch (kind) {
			case POSTGRESQL -> postgresql(jdbcUrl);
			case MARIADB, MYSQL -> mariaDb(kind, jdbcUrl);
			case H2 -> throw new IllegalArgumentException("H2 URLs are not read: H2 sources are refused");
		};
	}

	private static DriverUrl postgresql(String jdbcUrl) {
		// pgjdbc takes service=NAME out of the query, merges that entry of a pg_service.conf on this
		// server into the URL's settings, or gives up when there is none: the key never reaches its
		// result, so it is looked for as the parser splits the query, and refused by its name (no hosts:
		// the service would decide them, and the name is never allowed).
		Optional<Parameter> service = postgresqlService(jdbcUrl);
		if (service.isPresent()) {
			return new DriverUrl(List.of(), List.of(service.get()));
		}
		Properties all = Driver.parseURL(jdbcUrl, new Properties());
		if (all == null) {
			throw new IllegalArgumentException("the PostgreSQL driver does not accept it;"
					+ " write jdbc:postgresql://host:5432/database, with the user and the password in their own fields");
		}
		int query = jdbcUrl.indexOf('?');
		Properties location = (query < 0) ? all : Driver.parseURL(jdbcUrl.substring(0, query), new Properties());
		List<Parameter> parameters = new ArrayList<>();
		for (String name : all.stringPropertyNames().stream().sorted().toList()) {
			String value = all.getProperty(name);
			boolean writtenByParser = POSTGRESQL_LOCATION.contains(name) && location != null
					&& value.equals(location.getProperty(name));
			if (!writtenByParser) {
				parameters.add(new Parameter(name, value));
			}
		}
		List<String> hosts = List.of(all.getProperty("PGHOST", "localhost").split(","));
		return new DriverUrl(hosts, parameters);
	}

	/** The last {@code service=} of the query, as pgjdbc reads it: exact name, tokens split by {@code &}. */
	private static Optional<Parameter> postgresqlService(String jdbcUrl) {
		int query = jdbcUrl.indexOf('?');
		if (query < 0) {
			return Optional.empty();
		}
		Parameter service = null;
		for (String token : jdbcUrl.substring(query + 1).split("&")) {
			if (token.startsWith("service=")) {
				service = new Parameter("service", token.substring("service=".length()));
			}
		}
		return Optional.ofNullable(service);
	}

	private static DriverUrl mariaDb(DataSourceKind kind, String jdbcUrl) {
		Configuration configuration;
		try {
			configuration = Configuration.parse(kind.driverUrl(jdbcUrl));
		}
		catch (SQLException ex) {
			throw new IllegalArgumentException("the MariaDB driver does not accept it (" + ex.getMessage() + ")");
		}
		if (configuration == null) {
			throw new IllegalArgumentException("the MariaDB driver does not accept it;"
					+ " write jdbc:mariadb://host:3306/database");
		}
		List<String> hosts = new ArrayList<>();
		for (HostAddress address : configuration.addresses()) {
			// address=(pipe=...) and address=(localSocket=...) reach a server on this machine past any host check.
			if (address.pipe != null || address.localSocket != null) {
				throw new IllegalArgumentException("a source connects over the network only: the address form must"
						+ " not name a pipe or a local socket");
			}
			hosts.add(address.host);
		}
		List<Parameter> parameters = new ArrayList<>();
		int query = jdbcUrl.indexOf('?');
		if (query >= 0) {
			for (String token : jdbcUrl.substring(query + 1).split("&")) {
				if (token.isEmpty()) {
					continue;
				}
				int equals = token.indexOf('=');
				parameters.add((equals < 0) ? new Parameter(token, "")
						: new Parameter(token.substring(0, equals), token.substring(equals + 1)));
			}
		}
		return new DriverUrl(List.copyOf(hosts), List.copyOf(parameters));
	}

	/** A parameter as the driver sees it: the name as written, the value as the driver would use it. */
	record Parameter(String name, String value) {
	}

}
